package org.batchgfn.gp;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.batchgfn.gp.kernel.KernelType;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An exact Gaussian-process regressor trained by {@link GaussianProcessTrainer}.
 * <p>
 * {@link #predict(Example)} returns a single-dimension {@link Regressor} whose value is the posterior predictive
 * mean and whose variance is the predictive variance of a <em>new noisy observation</em>, i.e. the latent
 * variance plus the noise variance, both in raw target units. The latent (noise-free) variance, joint
 * covariances, joint samples and conditioning are available through {@link #posterior()}.
 * <p>
 * Immutable: it holds the factorised posterior, the fitted hyperparameters and their log marginal likelihood.
 * Serialisable with Tribuo 4.3's protobuf mechanism ({@link #serialize()}, {@code serializeToFile},
 * {@code Model.deserializeFromFile}); an example with no feature the model knows is rejected.
 */
public final class GaussianProcessModel extends Model<Regressor> {
    private static final long serialVersionUID = 1L;

    private final ExactGaussianProcessPosterior posterior;
    private final GaussianProcessHyperparameters hyperparameters;
    private final String outputName;

    GaussianProcessModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                         ImmutableOutputInfo<Regressor> outputIDInfo, ExactGaussianProcessPosterior posterior,
                         GaussianProcessHyperparameters hyperparameters, String outputName) {
        super(name, provenance, featureIDMap, outputIDInfo, false);
        this.posterior = posterior;
        this.hyperparameters = hyperparameters;
        this.outputName = outputName;
    }

    /**
     * Predicts mean and predictive variance (latent + noise, raw units) at one example. Absent features are 0.
     *
     * @param example the example
     * @return the prediction
     * @throws IllegalArgumentException if a feature value is NaN or infinite, or the example has no feature this
     *                                  model knows (as Tribuo's models reject it: predicting the prior there would
     *                                  hide a feature-naming mistake)
     */
    @Override
    public Prediction<Regressor> predict(Example<Regressor> example) {
        double[] row = new double[featureIDMap.size()];
        int used = DenseFeatureRows.fill(example, featureIDMap, 0, row);
        if (used == 0) {
            throw new IllegalArgumentException("No features found in Example " + example);
        }
        double[] mv = posterior.meanAndLatentVariance(row);
        return new Prediction<>(new Regressor(outputName, mv[0], mv[1] + posterior.noiseVariance()), used, example);
    }

    /**
     * @return the exact posterior (raw units, feature order of {@link #getFeatureIDMap()}), for joint covariances,
     *         samples and conditioning
     */
    public ExactGaussianProcessPosterior posterior() {
        return posterior;
    }

    /**
     * Maps examples to dense rows in this model's feature order, as {@link #posterior()} expects. Features
     * unknown to the model are ignored; absent ones are 0 (the Tribuo convention).
     *
     * @param examples the examples
     * @return one row of length {@code getFeatureIDMap().size()} per example, in iteration order
     * @throws IllegalArgumentException if a feature value is NaN or infinite
     */
    public double[][] featureMatrix(Iterable<? extends Example<Regressor>> examples) {
        List<double[]> rows = new ArrayList<>();
        int i = 0;
        for (Example<Regressor> e : examples) {
            double[] row = new double[featureIDMap.size()];
            DenseFeatureRows.fill(e, featureIDMap, i++, row);
            rows.add(row);
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * @return the exact log marginal likelihood of the training targets (raw units) at the final hyperparameters
     */
    public double logMarginalLikelihood() {
        return posterior.logMarginalLikelihood();
    }

    /** @return the hyperparameters in working units (see {@link GaussianProcessHyperparameters}) */
    public GaussianProcessHyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** @return the kernel family */
    public KernelType kernelType() {
        return posterior.kernel().type();
    }

    /**
     * Ranks features by ARD relevance, the inverse of their (working-unit) lengthscale: a short lengthscale means
     * the function varies quickly along that input.
     *
     * @param n number of features to return, or a negative number for all
     * @return {@link Model#ALL_OUTPUTS} mapped to (feature name, 1/lengthscale), most relevant first
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        double[] ls = hyperparameters.lengthscales();
        List<Pair<String, Double>> list = new ArrayList<>();
        for (int k = 0; k < ls.length; k++) {
            list.add(new Pair<>(featureIDMap.get(k).getName(), 1.0 / ls[k]));
        }
        list.sort(Comparator.comparing((Pair<String, Double> p) -> p.getB()).reversed());
        int limit = n < 0 ? list.size() : Math.min(n, list.size());
        return Collections.singletonMap(ALL_OUTPUTS, new ArrayList<>(list.subList(0, limit)));
    }

    /** GP predictions have no per-example excuse here; returns empty. */
    @Override
    public Optional<Excuse<Regressor>> getExcuse(Example<Regressor> example) {
        return Optional.empty();
    }

    /** @return the name of the single output dimension */
    String outputName() {
        return outputName;
    }

    /**
     * Tribuo 4.3 serialisation: the model as a {@link ModelProto} (see {@link GaussianProcessModelProto} for the
     * message), used by {@link Model#serializeToFile} and read back by {@link Model#deserialize(ModelProto)}.
     *
     * @return the protobuf form
     */
    @Override
    public ModelProto serialize() {
        return GaussianProcessModelProto.serialize(this, createDataCarrier());
    }

    /**
     * Reads a model written by {@link #serialize()}; called reflectively by Tribuo's {@code ProtoUtil}.
     *
     * @param version   the serialised version
     * @param className the class name recorded in the proto
     * @param message   the packed {@code batchgfn.gp.GaussianProcessModelProto}
     * @return the model
     * @throws InvalidProtocolBufferException if the message is not a GP model message
     * @throws IllegalStateException          for an unknown version or invalid contents
     */
    public static GaussianProcessModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        return GaussianProcessModelProto.deserialize(version, className, message);
    }

    @Override
    protected GaussianProcessModel copy(String newName, ModelProvenance newProvenance) {
        return new GaussianProcessModel(newName, newProvenance, featureIDMap, outputIDInfo, posterior,
                hyperparameters, outputName);
    }
}
