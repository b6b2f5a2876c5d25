package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.export.PolicyOnnxExporter;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.CarriedPolicy;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.LookaheadTrainer;
import org.batchgfn.gflownet.train.StopReason;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import org.batchgfn.onnx.InvalidPolicyModelException;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.SampledBatch;
import org.batchgfn.reward.BatchReward;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * BatchGFN acquisition (paper §3.1, §4.3): train a GFlowNet policy on the current problem so that it samples
 * batches with probability ∝ {@code exp(JMI/T)}, then sample {@link #samples} batches without exploration and
 * return the one with the highest JMI. The pool features are standardised per dimension before the network.
 * Training runs in Deeplearning4j; by default the inference samples are drawn by the onnx-models runtime from the
 * exported policy ({@link #sampleWithOnnx}), which gives the same batches as the DL4J snapshot for the same seed.
 * <p>
 * Across rounds (paper §3.2, §4.4) the policy is handled by {@link #carryOver}: {@link CarryOver#REINITIALISE}
 * (the default) trains a fresh policy for each call; {@link CarryOver#CONTINUE} keeps training the previous
 * round's policy; {@link CarryOver#LOOKAHEAD} conditions the policy on the training set and, after choosing each
 * batch, trains it on hallucinated next rounds ({@link LookaheadTrainer}, Algorithm 1). In the carrying modes the
 * strategy holds the policy between calls, so one instance serves one active-learning run and is not thread-safe;
 * a carried round trains {@link #carriedSteps} steps (or fewer, if the training budget stops it first), and the
 * pool standardisation of the first round is kept.
 * The carried policy is plain values ({@link #carriedPolicy()}, a {@link CarriedPolicy}) and can be handed to another
 * instance ({@link #resumeFrom}), e.g. read back from a campaign state file, with the same result as keeping it.
 * A conditioned (LOOKAHEAD) policy is exported with its training-pair standardisation and sampled through ONNX with
 * the problem's raw training set, like an unconditioned one. Deterministic for a given
 * {@link SplittableRandom}: the network's initial weights and every sampling draw come from it.
 * <p>
 * The defaults ({@link #defaults()}, and every {@code @Config} field left unset) are chosen for first-batch quality
 * within about a minute of training on two cores, measured in the README ("GFlowNet experiments": best of K = 20
 * against greedy BatchBALD on the toy task and on real data): H = 64, 2 encoder layers, 1500 steps,
 * 8 trajectories per step plus 2 replayed ones ({@link TrainerSettings#replayTrajectories()}: greedy BatchBALD's
 * batch and the best batches found, in random orders), Adam lr 1e-3 with log-flow lr 0.1 and logit lr 1e-2,
 * ε = 0.1, tempered exploration τ = 2, λ = 0.9, T = 0.01, 16 random Fourier input features
 * ({@link #DEFAULT_FOURIER_FEATURES}, without which the policy cannot resolve narrow peaks of the reward in a
 * low-dimensional input space), K = 20. {@link #paperDefaults()} is paper Table 1 (H = 256, 5000 steps, one rate
 * 1e-3, τ = 1, no replay, T = 0.1, raw inputs): about half an hour per round at N = 2000 on this machine.
 * <p>
 * Each training phase on the current reward (the first round's and a carried round's) stops at its step count,
 * its wall-clock budget {@link #maxSeconds} or convergence ({@link #patience}, {@link #convergenceTolerance}),
 * whichever comes first ({@link TrainingBudget}; configured defaults {@link TrainingBudget#DEFAULT}); the steps
 * taken and the reason are in {@link #lastTraining()} and reported to the {@link ProgressListener}. Lookahead
 * training keeps its step counts ({@link LookaheadTrainer}).
 */
public final class BatchGfnAcquisition implements AcquisitionStrategy {

    /** The strategy's name. */
    public static final String NAME = "batchgfn";

    /**
     * The encoders' input features of a configured strategy: 16 random Fourier features of scale 1 (the one
     * departure from paper Table 1; {@link #paperDefaults()} keeps the paper's raw inputs).
     */
    public static final FourierFeatures DEFAULT_FOURIER_FEATURES = new FourierFeatures(16, 1.0);

    /** Default hidden width H (the {@code hiddenWidth} field's; measured in README "GFlowNet experiments"). */
    public static final int DEFAULT_HIDDEN_WIDTH = 64;
    /** Default training steps of a round (the {@code steps} field's). */
    public static final int DEFAULT_STEPS = 1500;
    /** Default reward temperature T (the {@code temperature} field's). */
    public static final double DEFAULT_TEMPERATURE = 0.01;
    /** Default number K of inference samples (the {@code samples} field's). */
    public static final int DEFAULT_SAMPLES = 20;

    /** Default number L of hallucinated acquisitions of the LOOKAHEAD mode (the paper's 10). */
    public static final int DEFAULT_LOOKAHEADS = 10;

    /** Default training steps on each hallucinated acquisition of the LOOKAHEAD mode. */
    public static final int DEFAULT_STEPS_PER_LOOKAHEAD = 100;

    @Config(description = "Hidden width H of the policy network (paper: 256).")
    private int hiddenWidth = DEFAULT_HIDDEN_WIDTH;

    @Config(description = "Number of ReLU layers of the per-point encoder.")
    private int encoderLayers = 2;

    @Config(description = "Number m of random Fourier input features of the encoders (0: the standardised inputs, "
            + "as in the paper). A ReLU network on the raw low-dimensional inputs cannot resolve the narrow peaks "
            + "of the marginal gains between training points; the features can (see FourierFeatures).")
    private int fourierFeatures = DEFAULT_FOURIER_FEATURES.count();

    @Config(description = "Standard deviation of the Fourier features' projected frequency, in cycles per "
            + "standard deviation of the input (used when fourierFeatures > 0).")
    private double fourierScale = DEFAULT_FOURIER_FEATURES.scale();

    @Config(description = "Training steps (paper: 5000).")
    private int steps = DEFAULT_STEPS;

    @Config(description = "Wall-clock budget of a training phase in seconds (0: no time limit); training stops at "
            + "the first of steps, this budget and convergence. A run stopped by time depends on the machine's speed.")
    private double maxSeconds = TrainingBudget.DEFAULT_MAX_SECONDS;

    @Config(description = "Convergence: training stops when the best terminal reward of the training trajectories "
            + "has not improved by more than convergenceTolerance (relative) for this many steps (0: off).")
    private int patience = TrainingBudget.DEFAULT_PATIENCE;

    @Config(description = "Convergence: the relative improvement of the best training reward that resets the "
            + "patience count, in [0, 1).")
    private double convergenceTolerance = TrainingBudget.DEFAULT_TOLERANCE;

    @Config(description = "Trajectories sampled per training step.")
    private int trajectoriesPerStep = 8;

    @Config(description = "Adam learning rate of the encoder and the policy head's hidden layer.")
    private double learningRate = 1e-3;

    @Config(description = "Adam learning rate of the log-flow head; the paper uses the policy's rate (1e-3), but the "
            + "learned log-flow must reach about JMI/T, which needs a larger rate at low temperatures (0.1 measured, "
            + "the default).")
    private double flowLearningRate = 0.1;

    @Config(description = "Adam learning rate of the policy head's output layer (the logits); the paper uses the "
            + "policy's rate (1e-3), but the logits must reach about the marginal gains over T, which needs a larger "
            + "rate at low temperatures (1e-2 measured at T = 0.01, the default).")
    private double logitLearningRate = 1e-2;

    @Config(description = "Analytic baseline added to the learned log-flow: NONE (the paper's parametrisation), "
            + "GREEDY_COMPLETION or TOP_GAINS_BOUND (see FlowBaseline).")
    private FlowBaseline flowBaseline = TrainerSettings.DEFAULT_FLOW_BASELINE;

    @Config(description = "Epsilon-random exploration probability while sampling training trajectories.")
    private double epsilon = 0.1;

    @Config(description = "Tempered exploration: training trajectories' policy steps are drawn from PF^(1/tau) "
            + "renormalised (1: the policy itself, as in the paper; 2, the default, measured best at T = 0.01).")
    private double explorationTemperature = 2.0;

    @Config(description = "Off-policy replay: trajectories built from greedy BatchBALD's batch and the best batches "
            + "sampled so far, in random orders, appended to each training step's on-policy trajectories (0: none, "
            + "as in the paper). SubTB is valid off-policy. The default 2 lifted first-batch quality at T = 0.01 "
            + "(README).")
    private int replayTrajectories = 2;

    @Config(description = "Compute threads of policy training (the fused head kernel; ND4J stays on one thread); 0: "
            + "the process-wide setting, every core unless changed. A seed gives the same result whatever the count.")
    private int threads = 0;

    @Config(description = "SubTB lambda.")
    private double lambda = 0.9;

    @Config(description = "Reward temperature T, R = exp(JMI / T) (paper: 0.1).")
    private double temperature = DEFAULT_TEMPERATURE;

    @Config(description = "Number of batches sampled after training; the best by reward is returned.")
    private int samples = DEFAULT_SAMPLES;

    @Config(description = "Sample the K inference batches with the exported ONNX policy (onnx-models runtime) instead "
            + "of the Deeplearning4j snapshot; both give the same batches for the same seed.")
    private boolean sampleWithOnnx = true;

    @Config(description = "How the policy carries from one acquisition round to the next: REINITIALISE (train a fresh "
            + "policy each round), CONTINUE (keep training the previous policy) or LOOKAHEAD (train-set-conditioned "
            + "policy, trained on hallucinated next rounds after each choice).")
    private CarryOver carryOver = CarryOver.REINITIALISE;

    @Config(description = "Training steps in a round that starts from a carried policy (CONTINUE, LOOKAHEAD); "
            + "-1 means the same as steps.")
    private int carriedSteps = -1;

    @Config(description = "LOOKAHEAD: number L of hallucinated acquisitions trained on after each choice (paper: 10).")
    private int lookaheads = DEFAULT_LOOKAHEADS;

    @Config(description = "LOOKAHEAD: training steps on each hallucinated acquisition.")
    private int stepsPerLookahead = DEFAULT_STEPS_PER_LOOKAHEAD;

    /** How the policy carries over between acquisition rounds. */
    public enum CarryOver {
        /** A fresh policy each round (no amortisation). */
        REINITIALISE,
        /** The previous round's policy, trained further on the new reward. */
        CONTINUE,
        /** A train-set-conditioned policy, lookahead-trained on hallucinated next rounds (Algorithm 1). */
        LOOKAHEAD
    }

    private TrainerSettings settings;

    /** The policy carried to the next round (CONTINUE, LOOKAHEAD), as plain values. */
    private CarriedPolicy carried;
    /** The policy the last call sampled its batches from. */
    private PolicySnapshot lastPolicy;
    /** The last call's sampled policy as an ONNX model, and what its training did. */
    private byte[] lastOnnx;
    private Training lastTraining;
    /** Told about training progress; not part of the configuration. */
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * Receives training progress, for progress bars. Called on the selecting thread.
     */
    public interface ProgressListener {
        /** Ignores everything. */
        ProgressListener NONE = new ProgressListener() {
            @Override
            public void start(String phase, int totalSteps) {
            }

            @Override
            public void step(int done) {
            }
        };

        /**
         * A phase begins.
         *
         * @param phase      {@code "training"} (on the current reward) or {@code "lookahead"} (on hallucinated
         *                   next rounds)
         * @param totalSteps its training steps in all
         */
        void start(String phase, int totalSteps);

        /**
         * @param done steps of the current phase finished so far
         */
        void step(int done);

        /**
         * The {@code "training"} phase ended, possibly before its {@code totalSteps}: called once after it, for
         * every reason ({@link StopReason#STEPS} included). Lookahead phases always take their steps and are not
         * reported here. The default does nothing.
         *
         * @param reason  why training stopped
         * @param steps   steps taken
         * @param seconds their wall-clock seconds
         */
        default void stopped(StopReason reason, int steps, double seconds) {
        }
    }

    /**
     * What the last {@link #select} call trained.
     *
     * @param fromCarriedPolicy whether training started from a carried policy (else from fresh weights)
     * @param steps             training steps on the current reward
     * @param seconds           their wall-clock seconds
     * @param lookaheadSteps    steps of lookahead training after the choice (LOOKAHEAD), else 0
     * @param lookaheadSeconds  their wall-clock seconds
     * @param samplingSeed      the seed of the K inference samples: {@code OnnxPolicy.bestOf} with the exported
     *                          policy ({@link #lastPolicyOnnx()}) and this seed draws the same batch
     * @param stopReason        why training on the current reward stopped after {@code steps} steps
     */
    public record Training(boolean fromCarriedPolicy, int steps, double seconds, int lookaheadSteps,
                           double lookaheadSeconds, long samplingSeed, StopReason stopReason) {
    }

    /** For olcut configuration; call {@link #postConfig()} after setting fields. */
    private BatchGfnAcquisition() {
    }

    /**
     * @param architecture network width and depth
     * @param settings     training hyper-parameters (including T)
     * @param samples      inference samples K ≥ 1
     */
    public BatchGfnAcquisition(PolicyArchitecture architecture, TrainerSettings settings, int samples) {
        this.hiddenWidth = architecture.hiddenWidth();
        this.encoderLayers = architecture.encoderLayers();
        this.fourierFeatures = architecture.inputFeatures().count();
        this.fourierScale = architecture.inputFeatures().scale();
        setTrainerFields(settings);
        this.samples = samples;
        postConfig();
    }

    /*
     * The @Config fields are the one source of truth of the training settings; TrainerSettings is built from them in
     * postConfig. These two methods are the only places that list the fields: a new TrainerSettings component is a
     * @Config field plus one line in each (BatchGfnAcquisitionSettingsTest perturbs every record component and fails
     * if one is dropped on the way in, out or through provenance).
     */

    private void setTrainerFields(TrainerSettings s) {
        steps = s.steps();
        trajectoriesPerStep = s.trajectoriesPerStep();
        learningRate = s.learningRate();
        epsilon = s.epsilon();
        lambda = s.lambda();
        temperature = s.temperature();
        flowLearningRate = s.flowLearningRate();
        flowBaseline = s.flowBaseline();
        logitLearningRate = s.logitLearningRate();
        explorationTemperature = s.explorationTemperature();
        threads = s.threads();
        maxSeconds = s.budget().maxSeconds();
        patience = s.budget().patience();
        convergenceTolerance = s.budget().tolerance();
        replayTrajectories = s.replayTrajectories();
    }

    private TrainerSettings trainerSettingsFromFields() {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, threads,
                new TrainingBudget(maxSeconds, patience, convergenceTolerance), replayTrajectories);
    }

    /** @return the training settings, exactly as configured (every field, including the flow baseline) */
    public TrainerSettings trainerSettings() {
        return settings;
    }

    /** @return the network shape: width, encoder depth and input features */
    public PolicyArchitecture policyArchitecture() {
        return architecture();
    }

    /** @return the number K of inference samples the best batch is chosen from */
    public int samples() {
        return samples;
    }

    /**
     * @return the configured network shape
     * @throws IllegalArgumentException for an invalid width, depth or Fourier setting
     */
    private PolicyArchitecture architecture() {
        return new PolicyArchitecture(hiddenWidth, encoderLayers, new FourierFeatures(fourierFeatures, fourierScale));
    }

    /**
     * The strategy with every {@code @Config} field at its default, as an olcut configuration without overrides
     * gives it: the library's choice for acquisition quality within about a minute of training per round on two
     * cores (measured in the README).
     *
     * @return a new default-configured strategy
     */
    public static BatchGfnAcquisition defaults() {
        BatchGfnAcquisition strategy = new BatchGfnAcquisition();
        strategy.postConfig();
        return strategy;
    }

    /** The paper's configuration (Table 1: H = 256, 5000 steps, lr 1e-3, T = 0.1, raw inputs, no replay). */
    public static BatchGfnAcquisition paperDefaults() {
        return new BatchGfnAcquisition(PolicyArchitecture.PAPER, TrainerSettings.PAPER, 20);
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    @Override
    public void postConfig() {
        architecture();
        this.settings = trainerSettingsFromFields();
        if (samples < 1) {
            throw new IllegalArgumentException("number of inference samples must be >= 1, got " + samples);
        }
        if (carryOver == null) {
            throw new IllegalArgumentException("carryOver must be one of REINITIALISE, CONTINUE, LOOKAHEAD");
        }
        if (carriedSteps < -1) {
            throw new IllegalArgumentException("carriedSteps must be >= 0, or -1 for steps, got " + carriedSteps);
        }
        new LookaheadTrainer(settings, lookaheads, stepsPerLookahead);
    }

    /**
     * @param mode              how the policy carries between rounds
     * @param carriedSteps      training steps in a round that starts from a carried policy (-1: {@code steps})
     * @param lookaheads        LOOKAHEAD: L
     * @param stepsPerLookahead LOOKAHEAD: steps per hallucinated acquisition
     * @return a copy of this strategy (with no carried policy) in that mode
     * @throws IllegalArgumentException for an invalid count
     */
    public BatchGfnAcquisition withCarryOver(CarryOver mode, int carriedSteps, int lookaheads,
                                             int stepsPerLookahead) {
        BatchGfnAcquisition copy = new BatchGfnAcquisition(architecture(),
                settings, samples);
        copy.sampleWithOnnx = sampleWithOnnx;
        copy.carryOver = mode;
        copy.carriedSteps = carriedSteps;
        copy.lookaheads = lookaheads;
        copy.stepsPerLookahead = stepsPerLookahead;
        copy.postConfig();
        return copy;
    }

    /** @return the carry-over mode */
    public CarryOver carryOver() {
        return carryOver;
    }

    /**
     * @return the policy the last {@link #select} call sampled its batches from (after its training, before any
     *         lookahead training), or empty before the first call
     */
    public Optional<PolicySnapshot> lastPolicy() {
        return Optional.ofNullable(lastPolicy);
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        AcquisitionStrategy.checkBatchSize(batchSize, problem.poolSize());
        if (carryOver == CarryOver.REINITIALISE) {
            PoolStandardizer standardizer = PoolStandardizer.fit(problem.poolFeatures());
            PolicyNetwork network = new PolicyNetwork(standardizer.apply(problem.poolFeatures()),
                    architecture(),
                    batchSize, DataType.FLOAT, rng.split());
            BatchGfnTrainer.Report report = train(network, problem, rng.split(), steps);
            long samplingSeed = rng.nextLong();
            lastTraining = new Training(false, report.steps(), report.seconds(), 0, 0, samplingSeed,
                    report.stopReason());
            return sample(network, TrainingPairs.fit(standardizer, new double[0]), false, problem, batchSize,
                    samplingSeed);
        }
        return selectCarried(problem, batchSize, rng);
    }

    /** CONTINUE and LOOKAHEAD: start from the carried policy if there is one, and carry the result on. */
    private int[] selectCarried(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        boolean conditioned = carryOver == CarryOver.LOOKAHEAD;
        SplittableRandom initRng = rng.split();
        PolicyNetwork network;
        TrainingPairs pairs;
        int trainSteps;
        boolean fromCarried = carried != null;
        if (carried == null) {
            PoolStandardizer standardizer = PoolStandardizer.fit(problem.poolFeatures());
            pairs = TrainingPairs.fit(standardizer, problem.trainTargets());
            network = new PolicyNetwork(standardizer.apply(problem.poolFeatures()),
                    architecture(),
                    batchSize, DataType.FLOAT, initRng, conditioned);
            trainSteps = steps;
        } else {
            pairs = carried.pairs();
            network = carried.onPool(problem.poolFeatures(), batchSize, initRng);
            trainSteps = carriedSteps >= 0 ? carriedSteps : steps;
        }
        if (conditioned) {
            network.conditionOn(pairs.apply(problem.trainFeatures(), problem.trainTargets()));
        }
        BatchGfnTrainer.Report report = train(network, problem, rng.split(), trainSteps);
        long samplingSeed = rng.nextLong();
        int[] chosen = sample(network, pairs, conditioned, problem, batchSize, samplingSeed);
        int aheadSteps = 0;
        double aheadSeconds = 0;
        if (conditioned && problem.posterior() != null && problem.poolSize() - batchSize >= batchSize) {
            progress.start("lookahead", lookaheads * stepsPerLookahead);
            long start = System.nanoTime();
            aheadSteps = new LookaheadTrainer(settings, lookaheads, stepsPerLookahead)
                    .train(network, problem, pairs, rng.split(), progress::step).steps();
            aheadSeconds = (System.nanoTime() - start) / 1e9;
        }
        carried = CarriedPolicy.of(network, pairs);
        lastTraining = new Training(fromCarried, report.steps(), report.seconds(), aheadSteps, aheadSeconds,
                samplingSeed, report.stopReason());
        return chosen;
    }

    private BatchGfnTrainer.Report train(PolicyNetwork network, AcquisitionProblem problem, SplittableRandom rng,
                                         int trainSteps) {
        progress.start("training", trainSteps);
        BatchGfnTrainer.Report report = new BatchGfnTrainer(settings).train(network, problem.reward(), rng,
                trainSteps, progress::step);
        progress.stopped(report.stopReason(), report.steps(), report.seconds());
        return report;
    }

    /** Keeps the trained policy (snapshot and ONNX export) and returns the best of K samples from it. */
    private int[] sample(PolicyNetwork network, TrainingPairs pairs, boolean conditioned, AcquisitionProblem problem,
                         int batchSize, long samplingSeed) {
        lastPolicy = network.snapshot();
        BatchReward reward = problem.reward();
        lastOnnx = conditioned
                ? PolicyOnnxExporter.exportBytes(network, pairs, temperature, reward.name(), getProvenance())
                : PolicyOnnxExporter.exportBytes(network, pairs.features(), temperature, reward.name(),
                        getProvenance());
        return sampleWithOnnx
                ? bestOfOnnx(lastOnnx, conditioned, problem, batchSize, samplingSeed)
                : bestOfSnapshot(network, problem, batchSize, samplingSeed);
    }

    /**
     * @return the policy the last {@link #select} call sampled from, as an ONNX model in the onnx-models format
     *         (metadata and this strategy's provenance included; conditioned in LOOKAHEAD mode), or empty before the
     *         first call
     */
    public Optional<byte[]> lastPolicyOnnx() {
        return Optional.ofNullable(lastOnnx == null ? null : lastOnnx.clone());
    }

    /** @return what the last {@link #select} call trained, or empty before the first call */
    public Optional<Training> lastTraining() {
        return Optional.ofNullable(lastTraining);
    }

    /**
     * @return the policy that will be carried into the next {@link #select} call (CONTINUE, LOOKAHEAD; after lookahead
     *         training), or empty if there is none (REINITIALISE, or before the first call)
     */
    public Optional<CarriedPolicy> carriedPolicy() {
        return Optional.ofNullable(carried);
    }

    /**
     * Makes the next {@link #select} call start from a policy carried from elsewhere, e.g. read back from a campaign
     * state file. The result is the same as if this instance had produced it in a previous call.
     *
     * @param policy a policy of this strategy's architecture, conditioned exactly when the mode is LOOKAHEAD
     * @throws IllegalArgumentException in REINITIALISE mode, or if the architecture or conditioning differ
     */
    public void resumeFrom(CarriedPolicy policy) {
        if (carryOver == CarryOver.REINITIALISE) {
            throw new IllegalArgumentException("carryOver REINITIALISE trains a fresh policy each round; a carried "
                    + "policy needs CONTINUE or LOOKAHEAD");
        }
        if (!policy.architecture().equals(architecture())) {
            throw new IllegalArgumentException("the carried policy has architecture " + policy.architecture()
                    + " but this strategy is configured for " + architecture());
        }
        if (policy.conditioned() != (carryOver == CarryOver.LOOKAHEAD)) {
            throw new IllegalArgumentException("the carried policy is " + (policy.conditioned() ? "" : "not ")
                    + "conditioned on the training set, but carryOver " + carryOver + " needs one that is"
                    + (policy.conditioned() ? " not" : ""));
        }
        this.carried = policy;
    }

    /**
     * @param listener told about training progress from now on (not part of the configuration or provenance)
     */
    public void setProgressListener(ProgressListener listener) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * Inference through the onnx-models runtime: load the exported model, best of K. A conditioned model is sampled
     * with the problem's raw training set.
     */
    private int[] bestOfOnnx(byte[] model, boolean conditioned, AcquisitionProblem problem, int batchSize,
                             long seed) {
        BatchReward reward = problem.reward();
        try (OnnxPolicy policy = OnnxPolicy.fromBytes(model, "BatchGfnAcquisition's exported policy")) {
            SampledBatch best = conditioned
                    ? policy.bestOf(problem.poolFeatures(), problem.trainFeatures(), problem.trainTargets(),
                            batchSize, samples, seed, reward::value)
                    : policy.bestOf(problem.poolFeatures(), batchSize, samples, seed, reward::value);
            return best.indices();
        } catch (InvalidPolicyModelException e) {
            throw new IllegalStateException("the exporter produced a policy the runtime rejects: " + e.getMessage(), e);
        }
    }

    /** Inference on the Deeplearning4j side: the frozen snapshot and the trajectory sampler, best of K. */
    private int[] bestOfSnapshot(PolicyNetwork network, AcquisitionProblem problem, int batchSize, long seed) {
        PolicySnapshot policy = network.snapshot();
        TrajectorySampler sampler = new TrajectorySampler(
                new SetConstructionEnvironment(problem.poolSize(), batchSize), problem.reward(), 0.0);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < samples; k++) {
            int[] batch = sampler.sampleActions(policy, rng);
            double v = problem.reward().value(batch);
            if (best == null || v > bestValue) {
                bestValue = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
                best = batch;
            }
        }
        return best;
    }

    /**
     * @param onnx true to sample inference batches with the ONNX runtime (the default), false for the DL4J snapshot
     * @return a copy of this strategy with that choice
     */
    public BatchGfnAcquisition withOnnxSampling(boolean onnx) {
        BatchGfnAcquisition copy = withCarryOver(carryOver, carriedSteps, lookaheads, stepsPerLookahead);
        copy.sampleWithOnnx = onnx;
        return copy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "AcquisitionStrategy");
    }

    @Override
    public String toString() {
        return "BatchGfnAcquisition(H=" + hiddenWidth + ", layers=" + encoderLayers + ", fourierFeatures="
                + fourierFeatures + (fourierFeatures > 0 ? ", fourierScale=" + fourierScale : "") + ", " + settings
                + ", samples=" + samples + ", sampleWithOnnx=" + sampleWithOnnx + ", carryOver=" + carryOver
                + (carryOver == CarryOver.REINITIALISE ? "" : ", carriedSteps=" + carriedSteps)
                + (carryOver == CarryOver.LOOKAHEAD ? ", lookaheads=" + lookaheads + "x" + stepsPerLookahead : "")
                + ")";
    }
}
