package org.batchgfn.gp;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.gp.kernel.StationaryKernel;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;
import org.tribuo.regression.Regressor;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

/**
 * Trains an exact Gaussian-process regressor ({@link GaussianProcessModel}) on a single-output regression
 * dataset.
 * <p>
 * Model: {@code f ~ GP(m, s · g(r))} with a {@link KernelType} profile, ARD lengthscales, outputscale s, constant
 * mean m and Gaussian noise σ² ≥ 1e-4. Hyperparameters are either fitted by maximising the exact log marginal
 * likelihood with Adam (default lr 0.1, 1000 epochs, as in the BatchGFN paper / GPyTorch defaults; positive
 * parameters are softplus of raw parameters started at 0, so at softplus(0) ≈ 0.693, and the mean starts at 0),
 * or all fixed by the user ({@code fixedLengthscales}, {@code fixedOutputscale}, {@code fixedNoiseVariance},
 * {@code fixedMean} all set: no fit). Hyperparameters are in working units: after the optional standardisation
 * of each input dimension and of the target to zero mean, unit (population) variance, both on by default.
 * Kernel, optimiser settings and standardisation are recorded in the trainer provenance.
 * <p>
 * Costs: O(M³) per Adam epoch, O(M²) per prediction. Deterministic (no randomness).
 */
public final class GaussianProcessTrainer implements Trainer<Regressor> {

    /** Default number of Adam epochs. */
    public static final int DEFAULT_EPOCHS = 1000;
    /** Default Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /** Lower bound of the fitted noise variance, working units. */
    public static final double MIN_NOISE_VARIANCE = ExactMarginalLikelihood.MIN_NOISE_VARIANCE;

    @Config(description = "Kernel family: MATERN12, MATERN32, MATERN52 or RBF.")
    private KernelType kernel = KernelType.MATERN52;

    @Config(description = "Number of Adam epochs maximising the log marginal likelihood (0 keeps the start).")
    private int epochs = DEFAULT_EPOCHS;

    @Config(description = "Adam learning rate.")
    private double learningRate = DEFAULT_LEARNING_RATE;

    @Config(description = "Standardise each input dimension to zero mean and unit variance before fitting.")
    private boolean standardizeInputs = true;

    @Config(description = "Standardise the target to zero mean and unit variance before fitting.")
    private boolean standardizeTargets = true;

    @Config(description = "Fixed lengthscales in working units, one per feature or one shared; empty to fit.")
    private double[] fixedLengthscales = new double[0];

    @Config(description = "Fixed outputscale in working units; NaN to fit.")
    private double fixedOutputscale = Double.NaN;

    @Config(description = "Fixed noise variance in working units; NaN to fit.")
    private double fixedNoiseVariance = Double.NaN;

    @Config(description = "Fixed constant mean in working units; NaN to fit.")
    private double fixedMean = Double.NaN;

    private int trainInvocationCounter = 0;

    /** For OLCUT. */
    private GaussianProcessTrainer() {
    }

    /**
     * A trainer that fits hyperparameters with the defaults (1000 Adam epochs, lr 0.1, standardised inputs and
     * targets).
     *
     * @param kernel the kernel family
     */
    public GaussianProcessTrainer(KernelType kernel) {
        this(kernel, DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, true, true);
    }

    /**
     * A trainer that fits hyperparameters.
     *
     * @param kernel             the kernel family
     * @param epochs             Adam epochs, ≥ 0
     * @param learningRate       Adam learning rate, &gt; 0
     * @param standardizeInputs  standardise each input dimension
     * @param standardizeTargets standardise the target
     */
    public GaussianProcessTrainer(KernelType kernel, int epochs, double learningRate, boolean standardizeInputs,
                                  boolean standardizeTargets) {
        this.kernel = kernel;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.standardizeInputs = standardizeInputs;
        this.standardizeTargets = standardizeTargets;
        postConfig();
    }

    /**
     * A trainer with fixed hyperparameters (no fit).
     *
     * @param kernel             the kernel family
     * @param fixed              hyperparameters in working units; one lengthscale is shared by all features
     * @param standardizeInputs  standardise each input dimension
     * @param standardizeTargets standardise the target
     */
    public GaussianProcessTrainer(KernelType kernel, GaussianProcessHyperparameters fixed, boolean standardizeInputs,
                                  boolean standardizeTargets) {
        this.kernel = kernel;
        this.epochs = 0;
        this.standardizeInputs = standardizeInputs;
        this.standardizeTargets = standardizeTargets;
        this.fixedLengthscales = fixed.lengthscales();
        this.fixedOutputscale = fixed.outputscale();
        this.fixedNoiseVariance = fixed.noiseVariance();
        this.fixedMean = fixed.mean();
        postConfig();
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException if the kernel is missing, epochs &lt; 0, the learning rate is not positive,
     *                                  or the fixed hyperparameters are partly set or out of range
     */
    @Override
    public void postConfig() {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must be set (MATERN12, MATERN32, MATERN52 or RBF)");
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
        }
        if (fixedLengthscales == null) {
            fixedLengthscales = new double[0];
        }
        int set = (fixedLengthscales.length > 0 ? 1 : 0) + (Double.isNaN(fixedOutputscale) ? 0 : 1)
                + (Double.isNaN(fixedNoiseVariance) ? 0 : 1) + (Double.isNaN(fixedMean) ? 0 : 1);
        if (set != 0 && set != 4) {
            throw new IllegalArgumentException("fixed hyperparameters must be given all together (lengthscales, "
                    + "outputscale, noise variance, mean) or not at all; got lengthscales="
                    + Arrays.toString(fixedLengthscales) + ", outputscale=" + fixedOutputscale + ", noise variance="
                    + fixedNoiseVariance + ", mean=" + fixedMean);
        }
        if (set == 4) {
            // validates ranges
            new GaussianProcessHyperparameters(fixedLengthscales, fixedOutputscale, fixedNoiseVariance, fixedMean);
        }
    }

    /** @return true if the hyperparameters are fixed by the user rather than fitted */
    public boolean hasFixedHyperparameters() {
        return fixedLengthscales.length > 0;
    }

    @Override
    public GaussianProcessModel train(Dataset<Regressor> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public GaussianProcessModel train(Dataset<Regressor> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    /**
     * Trains on a single-output regression dataset.
     *
     * @throws IllegalArgumentException if the dataset is empty, multi-output, has no features, contains unknown
     *                                  outputs, NaN/infinite targets or feature values, or the fixed lengthscales
     *                                  do not match the number of features
     */
    @Override
    public GaussianProcessModel train(Dataset<Regressor> examples, Map<String, Provenance> runProvenance,
                                     int invocationCount) {
        if (examples.size() == 0) {
            throw new IllegalArgumentException("cannot train a GP on an empty dataset");
        }
        if (examples.getOutputInfo().getUnknownCount() > 0) {
            throw new IllegalArgumentException("the dataset contains " + examples.getOutputInfo().getUnknownCount()
                    + " unknown (unlabelled) outputs; a GP needs every target");
        }
        ImmutableOutputInfo<Regressor> outputInfo = examples.getOutputIDInfo();
        if (outputInfo.size() != 1) {
            throw new IllegalArgumentException("GaussianProcessTrainer supports single-output regression only, the "
                    + "dataset has " + outputInfo.size() + " output dimensions");
        }
        ImmutableFeatureMap featureMap = examples.getFeatureIDMap();
        int d = featureMap.size();
        if (d == 0) {
            throw new IllegalArgumentException("the dataset has no features");
        }
        int n = examples.size();
        double[][] x = new double[n][d];
        double[] y = new double[n];
        String outputName = null;
        int i = 0;
        for (Example<Regressor> e : examples) {
            DenseFeatureRows.fill(e, featureMap, i, x[i]);
            Regressor r = e.getOutput();
            if (r.size() != 1) {
                throw new IllegalArgumentException("example " + i + " has a " + r.size()
                        + "-dimensional target; GaussianProcessTrainer supports single-output regression only");
            }
            y[i] = r.getValues()[0];
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("example " + i + " has a non-finite target " + y[i]);
            }
            outputName = r.getNames()[0];
            i++;
        }
        double[] lengthscales = null;
        if (hasFixedHyperparameters()) {
            if (fixedLengthscales.length == 1) {
                lengthscales = new double[d];
                Arrays.fill(lengthscales, fixedLengthscales[0]);
            } else if (fixedLengthscales.length == d) {
                lengthscales = fixedLengthscales.clone();
            } else {
                throw new IllegalArgumentException("got " + fixedLengthscales.length + " fixed lengthscales for "
                        + d + " features; give one per feature or a single shared one");
            }
        }

        ModelProvenance provenance;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            // As Tribuo's trainers: the provenance records the count before this call (the first model says 0).
            provenance = new ModelProvenance(GaussianProcessModel.class.getName(), OffsetDateTime.now(),
                    examples.getProvenance(), getProvenance(), runProvenance);
            trainInvocationCounter++;
        }

        Standardization standardization = Standardization.fit(x, y, d, standardizeInputs, standardizeTargets);
        double[][] xw = standardization.inputs(x);
        double[] yw = standardization.targets(y);
        GaussianProcessHyperparameters hyper;
        if (hasFixedHyperparameters()) {
            hyper = new GaussianProcessHyperparameters(lengthscales, fixedOutputscale, fixedNoiseVariance, fixedMean);
        } else {
            hyper = fit(xw, yw);
        }
        StationaryKernel k = kernel.create(hyper.lengthscales(), hyper.outputscale());
        ExactGaussianProcessPosterior posterior = ExactGaussianProcessPosterior.create(k, hyper.noiseVariance(),
                hyper.mean(), standardization, xw, yw);
        return new GaussianProcessModel("gaussian-process", provenance, featureMap, outputInfo, posterior, hyper,
                outputName);
    }

    /** Maximises the log marginal likelihood (per data point, as GPyTorch does) with Adam from raw zeros. */
    private GaussianProcessHyperparameters fit(double[][] xw, double[] yw) {
        ExactMarginalLikelihood lml = new ExactMarginalLikelihood(kernel, xw, yw);
        double invN = 1.0 / xw.length;
        AdamAscent.Objective perPoint = (p, g) -> {
            double v = lml.valueAndGradient(p, g);
            for (int j = 0; j < g.length; j++) {
                g[j] *= invN;
            }
            return v * invN;
        };
        double[] raw = AdamAscent.maximize(perPoint, lml.initialRawParameters(), learningRate, epochs);
        return ExactMarginalLikelihood.hyperparameters(raw, xw[0].length);
    }

    @Override
    public int getInvocationCount() {
        return trainInvocationCounter;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("the invocation count must be >= 0, got " + invocationCount);
        }
        this.trainInvocationCounter = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "GaussianProcessTrainer(kernel=" + kernel + ",epochs=" + epochs + ",learningRate=" + learningRate
                + ",standardizeInputs=" + standardizeInputs + ",standardizeTargets=" + standardizeTargets
                + (hasFixedHyperparameters() ? ",fixedLengthscales=" + Arrays.toString(fixedLengthscales)
                + ",fixedOutputscale=" + fixedOutputscale + ",fixedNoiseVariance=" + fixedNoiseVariance
                + ",fixedMean=" + fixedMean : "") + ")";
    }
}
