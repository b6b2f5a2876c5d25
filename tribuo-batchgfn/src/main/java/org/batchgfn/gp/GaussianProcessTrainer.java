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
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains an exact Gaussian-process regressor ({@link GaussianProcessModel}) on a single-output regression
 * dataset.
 * <p>
 * Model: {@code f ~ GP(m, s · g(r))} with a {@link KernelType} profile, ARD lengthscales, outputscale s, constant
 * mean m and Gaussian noise σ² ≥ 1e-4. Hyperparameters are either fitted by maximising the exact log marginal
 * likelihood over raw parameters (positive parameters are softplus of raw parameters started at 0, so at
 * softplus(0) ≈ 0.693, and the mean starts at 0) with L-BFGS (the default: a strong-Wolfe line search, stopped by a
 * gradient or relative-change test or {@code maxIterations}, optionally from {@code restarts} further random
 * starting points, keeping the best likelihood) or with Adam for a fixed number of epochs (lr 0.1, 1000 epochs,
 * the BatchGFN paper's recipe), or all fixed by the user ({@code fixedLengthscales}, {@code fixedOutputscale},
 * {@code fixedNoiseVariance}, {@code fixedMean} all set: no fit). Hyperparameters are in working units: after the optional standardisation
 * of each input dimension and of the target to zero mean, unit (population) variance, both on by default.
 * Kernel, optimiser settings and standardisation are recorded in the trainer provenance; which optimiser ran, its
 * iterations, why it stopped and the fitted log marginal likelihood are recorded in the model's run provenance
 * ({@code gp-fit-optimizer}, {@code gp-fit-iterations}, {@code gp-fit-evaluations}, {@code gp-fit-stop-reason},
 * {@code gp-fit-log-marginal-likelihood}, {@code gp-fit-best-start}).
 * <p>
 * Costs: M³ flops per likelihood evaluation (LAPACK through {@link org.batchgfn.linalg.Cholesky}); an L-BFGS fit
 * typically takes tens of evaluations, an Adam fit one per epoch. O(M²) per prediction. Deterministic: restarts
 * draw their starting points from {@code seed}.
 */
public final class GaussianProcessTrainer implements Trainer<Regressor> {

    /** Default number of Adam epochs. */
    public static final int DEFAULT_EPOCHS = 1000;
    /** Default L-BFGS iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 200;
    /** Default seed of the restarts' random starting points. */
    public static final long DEFAULT_SEED = 42L;
    /** Half-width of the uniform range of the restarts' raw starting points (softplus(±3) ≈ 0.05 … 3.05). */
    static final double RESTART_RANGE = 3.0;
    /** Default Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /** Lower bound of the fitted noise variance, working units. */
    public static final double MIN_NOISE_VARIANCE = ExactMarginalLikelihood.MIN_NOISE_VARIANCE;

    @Config(description = "Kernel family: MATERN12, MATERN32, MATERN52 or RBF.")
    private KernelType kernel = KernelType.MATERN52;

    @Config(description = "Optimiser of the log marginal likelihood: LBFGS (default) or ADAM.")
    private HyperparameterOptimizer optimizer = HyperparameterOptimizer.LBFGS;

    @Config(description = "L-BFGS iteration cap (0 keeps the start).")
    private int maxIterations = DEFAULT_MAX_ITERATIONS;

    @Config(description = "Further L-BFGS or Adam runs from random starting points; the best likelihood is kept.")
    private int restarts = 0;

    @Config(description = "Seed of the restarts' random starting points.")
    private long seed = DEFAULT_SEED;

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
     * A trainer that fits hyperparameters with the defaults (L-BFGS, at most 200 iterations, no restarts,
     * standardised inputs and targets).
     *
     * @param kernel the kernel family
     */
    public GaussianProcessTrainer(KernelType kernel) {
        this(kernel, DEFAULT_MAX_ITERATIONS, 0, DEFAULT_SEED, true, true);
    }

    /**
     * A trainer that fits hyperparameters with L-BFGS.
     *
     * @param kernel             the kernel family
     * @param maxIterations      L-BFGS iteration cap, ≥ 0
     * @param restarts           further runs from random starting points, ≥ 0 (the best likelihood is kept)
     * @param seed               seed of the restarts' starting points
     * @param standardizeInputs  standardise each input dimension
     * @param standardizeTargets standardise the target
     */
    public GaussianProcessTrainer(KernelType kernel, int maxIterations, int restarts, long seed,
                                  boolean standardizeInputs, boolean standardizeTargets) {
        this.kernel = kernel;
        this.optimizer = HyperparameterOptimizer.LBFGS;
        this.maxIterations = maxIterations;
        this.restarts = restarts;
        this.seed = seed;
        this.standardizeInputs = standardizeInputs;
        this.standardizeTargets = standardizeTargets;
        postConfig();
    }

    /**
     * A trainer that fits hyperparameters with Adam for a fixed number of epochs (the paper's recipe).
     *
     * @param kernel             the kernel family
     * @param epochs             Adam epochs, ≥ 0
     * @param learningRate       Adam learning rate, &gt; 0
     * @param standardizeInputs  standardise each input dimension
     * @param standardizeTargets standardise the target
     */
    public GaussianProcessTrainer(KernelType kernel, int epochs, double learningRate, boolean standardizeInputs,
                                  boolean standardizeTargets) {
        this(kernel, epochs, learningRate, 0, DEFAULT_SEED, standardizeInputs, standardizeTargets);
    }

    /**
     * A trainer that fits hyperparameters with Adam for a fixed number of epochs, from the default start and from
     * {@code restarts} random ones.
     *
     * @param kernel             the kernel family
     * @param epochs             Adam epochs, ≥ 0
     * @param learningRate       Adam learning rate, &gt; 0
     * @param restarts           further runs from random starting points, ≥ 0 (the best likelihood is kept)
     * @param seed               seed of the restarts' starting points
     * @param standardizeInputs  standardise each input dimension
     * @param standardizeTargets standardise the target
     */
    public GaussianProcessTrainer(KernelType kernel, int epochs, double learningRate, int restarts, long seed,
                                  boolean standardizeInputs, boolean standardizeTargets) {
        this.kernel = kernel;
        this.optimizer = HyperparameterOptimizer.ADAM;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.restarts = restarts;
        this.seed = seed;
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
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be set (LBFGS or ADAM)");
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
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

    /** @return the optimiser that fits the hyperparameters (unused when they are fixed) */
    public HyperparameterOptimizer optimizer() {
        return optimizer;
    }

    @Override
    public GaussianProcessModel train(Dataset<Regressor> examples) {
        return train(examples, Collections.emptyMap());
    }

    /**
     * Trains, reporting the fit's progress to a listener (for progress bars on long fits).
     *
     * @param examples a single-output regression dataset
     * @param listener told after every optimiser iteration
     * @return the model
     */
    public GaussianProcessModel train(Dataset<Regressor> examples, FitListener listener) {
        return train(examples, Collections.emptyMap(), INCREMENT_INVOCATION_COUNT, listener);
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
        return train(examples, runProvenance, invocationCount, FitListener.NONE);
    }

    private GaussianProcessModel train(Dataset<Regressor> examples, Map<String, Provenance> runProvenance,
                                       int invocationCount, FitListener listener) {
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

        TrainerProvenance trainerProvenance;
        OffsetDateTime trainedAt;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            // As Tribuo's trainers: the provenance records the count before this call (the first model says 0).
            trainerProvenance = getProvenance();
            trainedAt = OffsetDateTime.now();
            trainInvocationCounter++;
        }
        Standardization standardization = Standardization.fit(x, y, d, standardizeInputs, standardizeTargets);
        double[][] xw = standardization.inputs(x);
        double[] yw = standardization.targets(y);
        GaussianProcessHyperparameters hyper;
        Map<String, Provenance> run = new HashMap<>(runProvenance);
        if (hasFixedHyperparameters()) {
            hyper = new GaussianProcessHyperparameters(lengthscales, fixedOutputscale, fixedNoiseVariance, fixedMean);
        } else {
            HyperparameterFit fit = fit(xw, yw, listener);
            hyper = fit.hyperparameters();
            fit.record(run);
        }
        ModelProvenance provenance = new ModelProvenance(GaussianProcessModel.class.getName(), trainedAt,
                examples.getProvenance(), trainerProvenance, run);
        StationaryKernel k = kernel.create(hyper.lengthscales(), hyper.outputscale());
        ExactGaussianProcessPosterior posterior = ExactGaussianProcessPosterior.create(k, hyper.noiseVariance(),
                hyper.mean(), standardization, xw, yw);
        return new GaussianProcessModel("gaussian-process", provenance, featureMap, outputInfo, posterior, hyper,
                outputName);
    }

    /** Maximises the log marginal likelihood from raw zeros and from {@code restarts} random starts. */
    private HyperparameterFit fit(double[][] xw, double[] yw, FitListener listener) {
        ExactMarginalLikelihood lml = new ExactMarginalLikelihood(kernel, xw, yw);
        SplittableRandom rng = new SplittableRandom(seed);
        HyperparameterFit best = null;
        int starts = restarts + 1;
        for (int s = 0; s < starts; s++) {
            double[] start = lml.initialRawParameters();
            if (s > 0) {
                // The mean stays at 0 (the standardised target's mean); positive parameters spread over
                // softplus(-3) … softplus(3).
                for (int j = 0; j < start.length - 1; j++) {
                    start[j] = rng.nextDouble(-RESTART_RANGE, RESTART_RANGE);
                }
            }
            final int index = s;
            HyperparameterFit f = HyperparameterFit.run(optimizer, lml, start, maxIterations, epochs, learningRate,
                    (iteration, value) -> listener.iteration(index, starts, iteration,
                            optimizer == HyperparameterOptimizer.ADAM ? epochs : maxIterations, value), index);
            if (best == null || f.logMarginalLikelihood() > best.logMarginalLikelihood()
                    || Double.isNaN(best.logMarginalLikelihood())) {
                best = f;
            }
        }
        return best;
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
        return "GaussianProcessTrainer(kernel=" + kernel + ",optimizer=" + optimizer
                + (optimizer == HyperparameterOptimizer.ADAM ? ",epochs=" + epochs + ",learningRate=" + learningRate
                : ",maxIterations=" + maxIterations) + ",restarts=" + restarts + ",seed=" + seed
                + ",standardizeInputs=" + standardizeInputs + ",standardizeTargets=" + standardizeTargets
                + (hasFixedHyperparameters() ? ",fixedLengthscales=" + Arrays.toString(fixedLengthscales)
                + ",fixedOutputscale=" + fixedOutputscale + ",fixedNoiseVariance=" + fixedNoiseVariance
                + ",fixedMean=" + fixedMean : "") + ")";
    }
}
