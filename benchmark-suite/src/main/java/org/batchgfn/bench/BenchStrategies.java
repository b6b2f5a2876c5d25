package org.batchgfn.bench;

import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.Bait;
import org.batchgfn.acquisition.BaldAcquisition;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.KMeansPlusPlus;
import org.batchgfn.acquisition.Lcmd;
import org.batchgfn.acquisition.MaxDist;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.acquisition.StochasticBaldAcquisition;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.HyperparameterOptimizer;
import org.batchgfn.gp.kernel.KernelType;

import java.util.ArrayList;
import java.util.List;

/**
 * The models and strategies the benchmark compares, configured from a {@link BenchConfig}: the paper's baselines
 * (random, BALD, stochastic BALD with softmax weights and β = 1, greedy BatchBALD) and BatchGFN (the library's
 * default training settings except the configured steps, width, K and T), and the GP trainer every experiment uses (Matérn-5/2,
 * Adam on the exact marginal likelihood, standardised inputs and targets).
 */
public final class BenchStrategies {

    /** The name of BatchGFN in the CONTINUE carry-over mode in the results. */
    public static final String CONTINUE_NAME = BatchGfnAcquisition.NAME + "-continue";
    /** The name of BatchGFN in the LOOKAHEAD carry-over mode in the results. */
    public static final String LOOKAHEAD_NAME = BatchGfnAcquisition.NAME + "-lookahead";

    private BenchStrategies() {
    }

    /**
     * @param config the configuration
     * @return the GP trainer
     */
    public static GaussianProcessTrainer gpTrainer(BenchConfig config) {
        if (config.gpOptimizer() == HyperparameterOptimizer.ADAM) {
            return new GaussianProcessTrainer(KernelType.MATERN52, config.gpEpochs(),
                    GaussianProcessTrainer.DEFAULT_LEARNING_RATE, true, true);
        }
        return new GaussianProcessTrainer(KernelType.MATERN52);
    }

    /**
     * @param config the configuration
     * @return the policy network architecture (2 encoder layers, the configured width and input features)
     */
    public static PolicyArchitecture architecture(BenchConfig config) {
        return new PolicyArchitecture(config.hiddenWidth(), 2, config.inputFeatures());
    }

    /**
     * @param config      the configuration
     * @param temperature T
     * @return the library's default training settings ({@link BatchGfnAcquisition#defaults()}: learning rates,
     *         exploration, off-policy replay) with the configured number of steps and the given T, and no wall-clock
     *         or convergence stop ({@link TrainingBudget#STEPS_ONLY}): a benchmark round trains exactly its steps, so
     *         its results do not depend on the machine's load and a resumed run recomputes the same rounds
     */
    public static TrainerSettings training(BenchConfig config, double temperature) {
        return BatchGfnAcquisition.defaults().trainerSettings().withSteps(config.trainingSteps())
                .withTemperature(temperature).withBudget(TrainingBudget.STEPS_ONLY);
    }

    /** @return stochastic BALD as the benchmark runs it (softmax weights, β = 1) */
    public static StochasticBaldAcquisition stochasticBald() {
        return new StochasticBaldAcquisition(StochasticBaldAcquisition.Variant.SOFTMAX, 1.0);
    }

    /**
     * The strategies of the active-learning and speed experiments, in report order.
     *
     * @param config     the configuration
     * @param timedPhases whether BatchGFN should time its training and sampling separately
     * @return random, BALD, stochastic BALD, BatchBALD, BatchGFN
     */
    public static List<AcquisitionStrategy> activeLearning(BenchConfig config, boolean timedPhases) {
        AcquisitionStrategy gfn = timedPhases
                ? new PhaseTimedBatchGfn(architecture(config), training(config, config.alTemperature()),
                        config.samples())
                : batchGfn(config);
        return List.of(new RandomAcquisition(), new BaldAcquisition(), stochasticBald(), new GreedyBatchBald(), gfn);
    }

    /**
     * @param config the configuration
     * @return BatchGFN acquisition as the al and speed experiments run it (re-initialised each round, T of al)
     */
    public static BatchGfnAcquisition batchGfn(BenchConfig config) {
        return new BatchGfnAcquisition(architecture(config), training(config, config.alTemperature()),
                config.samples());
    }

    /**
     * The strategies of the {@code al} experiment, in report order: those of {@link #activeLearning} and BatchGFN in
     * the two amortised carry-over modes, {@value #CONTINUE_NAME} and {@value #LOOKAHEAD_NAME}, which train the
     * configured steps in round 1 and {@link CarryOverConfig#carriedSteps()} (plus lookahead steps) after it.
     *
     * @param config the configuration
     * @return random, BALD, stochastic BALD, BatchBALD, BatchGFN, BatchGFN continue, BatchGFN lookahead
     */
    static List<TrajectoryStrategy> activeLearningTrajectories(BenchConfig config) {
        List<TrajectoryStrategy> out = trajectories(activeLearning(config, false), config);
        BatchGfnAcquisition gfn = batchGfn(config);
        out.add(TrajectoryStrategy.carrying(CONTINUE_NAME, gfn, BatchGfnAcquisition.CarryOver.CONTINUE,
                config.carryOver()));
        out.add(TrajectoryStrategy.carrying(LOOKAHEAD_NAME, gfn, BatchGfnAcquisition.CarryOver.LOOKAHEAD,
                config.carryOver()));
        return out;
    }

    /**
     * @param strategies strategies that keep no state between rounds
     * @param config     the configuration (BatchGFN's training steps, for the progress bar)
     * @return each shared by every trajectory under its own name
     */
    static List<TrajectoryStrategy> trajectories(List<AcquisitionStrategy> strategies, BenchConfig config) {
        List<TrajectoryStrategy> out = new ArrayList<>();
        for (AcquisitionStrategy s : strategies) {
            out.add(TrajectoryStrategy.shared(s, s.name().equals(BatchGfnAcquisition.NAME)
                    ? config.trainingSteps() : 0));
        }
        return out;
    }

    /**
     * The strategies of {@code bench suite}: those of the active-learning experiment and the strongest regression
     * baselines of Holzmüller et al. (JMLR 2023) in their best configurations (baselines.md).
     *
     * @param config the configuration
     * @return random, BALD, stochastic BALD, BatchBALD, BatchGFN, MaxDist, KMeans++, LCMD, BAIT-FB
     */
    public static List<AcquisitionStrategy> suite(BenchConfig config) {
        List<AcquisitionStrategy> out = new ArrayList<>(activeLearning(config, false));
        out.addAll(List.of(new MaxDist(), new KMeansPlusPlus(), new Lcmd(), new Bait()));
        return out;
    }
}
