package org.batchgfn.bench.gflownet;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.BatchGfnAcquisition.CarryOver;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.LookaheadTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Transfer across one acquisition (paper §4.4, Fig. 5/9): the set-up of the {@code transfer} benchmark
 * experiment. On the toy task ({@link ToyTask}) with a seed set of {@value #SEED_SET}, B = {@value #BATCH_SIZE}
 * and T = {@value #TEMPERATURE}, round 1's acquired batch is greedy BatchBALD's (the same for every mode), labelled
 * by the toy oracle; round 2's GP is round 1's conditioned on those labels with the same hyperparameters (no refit,
 * as in the lookahead). The next round's policy starts in one of three ways ({@link CarryOver}): re-initialised,
 * continued from an unconditioned round-1 policy trained {@code round1Steps} steps, or lookahead-trained (a
 * train-set-conditioned round-1 policy trained {@code round1Steps} steps and then on {@code lookaheads}
 * hallucinated acquisitions of {@code stepsPerLookahead} steps each, before the labels arrive).
 * {@link #evaluate} scores a policy on round 2 exactly: the Jensen-Shannon divergence (nats) between its set
 * distribution and round 2's reward distribution, and its best-of-20 JMI over greedy BatchBALD's.
 * <p>
 * Everything is seeded from {@code seed} (the toy sample, the networks' initial weights, the training
 * trajectories), so the same arguments give the same numbers, and {@link #start} can rebuild a mode's policy
 * identically after an interruption.
 */
public final class AcquisitionTransfer {

    /** Reward temperature T of both rounds. */
    public static final double TEMPERATURE = 0.1;
    /** Labelled points before round 1 (paper Table 1, lookahead experiments). */
    public static final int SEED_SET = 17;
    /** Points acquired per round. */
    public static final int BATCH_SIZE = 3;
    /** Samples of the best-of-K inference score. */
    public static final int SAMPLES = 20;
    /** Flow-head learning rate (as in the quality experiments; the rest of the training settings are the paper's). */
    public static final double FLOW_LEARNING_RATE = 0.1;

    /** Training settings of every phase (the step count is passed per call). */
    public static final TrainerSettings SETTINGS = TrainerSettings.PAPER.withTemperature(TEMPERATURE)
            .withFlowLearningRate(FLOW_LEARNING_RATE);

    /** Exact scores of one policy on round 2. */
    public record Evaluation(double jsdNats, double bestOf20Jmi, double greedyJmi) {
        /** @return best-of-20 JMI over greedy BatchBALD's JMI on round 2 */
        public double ratio() {
            return bestOf20Jmi / greedyJmi;
        }
    }

    private final PolicyArchitecture architecture;
    private final long seed;
    private final AcquisitionProblem round1;
    private final AcquisitionProblem round2;
    private final PoolStandardizer standardizer;
    private final TrainingPairs pairs;
    private final int[] acquired;
    private final SetIndexer indexer;
    private final double[] target;
    private final double greedyJmi;
    private final BatchGfnTrainer trainer = new BatchGfnTrainer(SETTINGS);
    private PolicyNetwork continued;
    private PolicyNetwork conditioned;
    private Round1Fit round1Fit;

    /**
     * Builds both rounds (toy sample, GP fit, greedy acquisition, round 2's exact reward distribution); no policy
     * is trained yet.
     *
     * @param poolSize    unlabelled points in round 1, at least {@code 2B + 1} (round 2 has B fewer) and at most 60
     * @param architecture the shape of every policy network (H, depth, input features)
     * @param seed        toy-task seed; every other random source derives from it
     * @throws IllegalArgumentException for a pool size out of range
     */
    public AcquisitionTransfer(int poolSize, PolicyArchitecture architecture, long seed) {
        checkPoolSize(poolSize);
        this.architecture = architecture;
        this.seed = seed;
        ToyTask task = ToyTask.create(poolSize, SEED_SET, seed);
        round1 = task.problem;
        standardizer = PoolStandardizer.fit(round1.poolFeatures());
        pairs = TrainingPairs.fit(standardizer, round1.trainTargets());
        acquired = task.greedyBatch(BATCH_SIZE);
        double[] labels = new double[acquired.length];
        for (int k = 0; k < acquired.length; k++) {
            labels[k] = task.poolTargets[acquired[k]];
        }
        round2 = round1.afterLabelling(acquired, labels); // the GP is conditioned on the oracle's labels, not refit
        indexer = new SetIndexer(round2.poolSize(), BATCH_SIZE);
        target = SetDistributions.rewardDistribution(round2.reward(), indexer, TEMPERATURE);
        greedyJmi = round2.reward().value(new GreedyBatchBald().select(round2, BATCH_SIZE, new SplittableRandom(0)));
    }

    /**
     * @param poolSize a round-1 pool size
     * @throws IllegalArgumentException unless it is in {@code [2B + 1, 60]}: round 2 must keep more than B points,
     *                                  and every B-subset of it is enumerated
     */
    public static void checkPoolSize(int poolSize) {
        if (poolSize < 2 * BATCH_SIZE + 1 || poolSize > 60) {
            throw new IllegalArgumentException("transfer pool size must be in [" + (2 * BATCH_SIZE + 1)
                    + ", 60] (round 2 must keep more than B = " + BATCH_SIZE + " points, and every set is "
                    + "enumerated), got " + poolSize);
        }
    }

    /** @return round 2's problem: the pool without the acquired batch, the GP conditioned on its labels */
    public AcquisitionProblem round2() {
        return round2;
    }

    /** @return the pool indices (round 1) greedy BatchBALD acquired */
    public int[] acquired() {
        return acquired.clone();
    }

    /** @return greedy BatchBALD's JMI on round 2 */
    public double greedyJmi() {
        return greedyJmi;
    }

    /**
     * How well the round-1 policies fit round 1's reward distribution after {@code round1Steps} steps, before the
     * lookahead: exact JSD (nats) of the unconditioned (CONTINUE) and the train-set-conditioned (LOOKAHEAD) policy.
     *
     * @param unconditionedJsd JSD of the policy CONTINUE carries over
     * @param conditionedJsd   JSD of the conditioned policy before its lookahead training
     */
    public record Round1Fit(double unconditionedJsd, double conditionedJsd) {
    }

    /**
     * Trains the round-1 policies the carrying modes start from, once per instance: an unconditioned one (CONTINUE)
     * and a train-set-conditioned one, which is then lookahead-trained (LOOKAHEAD). Called before {@link #start}
     * of a carrying mode; costs {@code 2 * round1Steps + lookaheads * stepsPerLookahead} training steps (the
     * first call only).
     *
     * @param round1Steps       training steps of each round-1 policy
     * @param lookaheads        L, hallucinated acquisitions
     * @param stepsPerLookahead training steps on each
     * @param afterStep         called after every round-1 training step (not during the lookahead)
     * @return the round-1 fit of both policies, measured before the lookahead
     */
    public Round1Fit trainRound1(int round1Steps, int lookaheads, int stepsPerLookahead, IntConsumer afterStep) {
        if (continued != null) {
            return round1Fit;
        }
        PolicyNetwork plain = network(standardizer.apply(round1.poolFeatures()), false, seed + 1);
        trainer.train(plain, round1.reward(), new SplittableRandom(seed + 2), round1Steps, afterStep);
        PolicyNetwork cond = network(standardizer.apply(round1.poolFeatures()), true, seed + 1);
        cond.conditionOn(pairs.apply(round1.trainFeatures(), round1.trainTargets()));
        trainer.train(cond, round1.reward(), new SplittableRandom(seed + 2), round1Steps, afterStep);
        SetIndexer idx1 = new SetIndexer(round1.poolSize(), BATCH_SIZE);
        double[] target1 = SetDistributions.rewardDistribution(round1.reward(), idx1, TEMPERATURE);
        round1Fit = new Round1Fit(jsd(plain, idx1, target1), jsd(cond, idx1, target1));
        new LookaheadTrainer(SETTINGS, lookaheads, stepsPerLookahead)
                .train(cond, round1, pairs, new SplittableRandom(seed + 3));
        continued = plain;
        conditioned = cond;
        return round1Fit;
    }

    /**
     * The round-2 policy of a mode before any round-2 training: a fresh network (REINITIALISE), or a copy of the
     * round-1 policy on round 2's pool (CONTINUE), conditioned on round 2's training set (LOOKAHEAD). The carrying
     * modes need {@link #trainRound1} first.
     *
     * @param mode the mode
     * @return a new network; training it changes nothing here
     * @throws IllegalStateException if a carrying mode is asked for before {@link #trainRound1}
     */
    public PolicyNetwork start(CarryOver mode) {
        if (mode != CarryOver.REINITIALISE && continued == null) {
            throw new IllegalStateException("train the round-1 policies (trainRound1) before starting " + mode);
        }
        double[][] pool = standardizer.apply(round2.poolFeatures());
        switch (mode) {
            case REINITIALISE:
                return network(PoolStandardizer.standardize(round2.poolFeatures()), false, seed + 4);
            case CONTINUE:
                return continued.copyOnPool(pool, BATCH_SIZE);
            case LOOKAHEAD:
                PolicyNetwork net = conditioned.copyOnPool(pool, BATCH_SIZE);
                net.conditionOn(pairs.apply(round2.trainFeatures(), round2.trainTargets()));
                return net;
            default:
                throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /**
     * @return the random source of a mode's round-2 training trajectories; pass the same instance to every
     * {@link #train} call of one policy
     */
    public SplittableRandom round2Random() {
        return new SplittableRandom(seed + 5);
    }

    /**
     * Trains a round-2 policy further.
     *
     * @param net       the policy (from {@link #start})
     * @param rng       its trajectory source ({@link #round2Random})
     * @param steps     training steps
     * @param afterStep called after every step
     */
    public void train(PolicyNetwork net, SplittableRandom rng, int steps, IntConsumer afterStep) {
        trainer.train(net, round2.reward(), rng, steps, afterStep);
    }

    /**
     * Scores a policy on round 2 exactly (every set enumerated); consumes no randomness of the training.
     *
     * @param net the policy
     * @return its JSD to round 2's reward distribution and its best-of-20 JMI next to greedy's
     */
    public Evaluation evaluate(PolicyNetwork net) {
        double jsd = jsd(net, indexer, target);
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(round2.poolSize(),
                BATCH_SIZE), round2.reward(), 0.0);
        SplittableRandom rng = new SplittableRandom(seed + 6);
        PolicySnapshot snapshot = net.snapshot();
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < SAMPLES; k++) {
            best = Math.max(best, round2.reward().value(sampler.sampleActions(snapshot, rng)));
        }
        return new Evaluation(jsd, best, greedyJmi);
    }

    private static double jsd(PolicyNetwork net, SetIndexer idx, double[] target) {
        return JensenShannonDivergence.between(SetDistributions.policyDistribution(net.snapshot(), idx), target);
    }

    private PolicyNetwork network(double[][] standardizedPool, boolean conditionedOnTrainSet, long netSeed) {
        return new PolicyNetwork(standardizedPool, architecture,
                BATCH_SIZE, DataType.FLOAT,
                new SplittableRandom(netSeed), conditionedOnTrainSet);
    }
}
