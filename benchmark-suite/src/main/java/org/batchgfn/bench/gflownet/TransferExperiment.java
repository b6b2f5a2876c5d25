package org.batchgfn.bench.gflownet;

import org.batchgfn.acquisition.AcquisitionProblem;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.LookaheadTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

/**
 * Transfer across one acquisition (paper §4.4, Fig. 5/9): exact JSD (nats) between the policy's set distribution and
 * the next round's reward distribution at T = 0.1, against training steps after the acquisition, for three ways of
 * starting the next round's policy: re-initialised, continued from the round-1 policy, and lookahead-trained
 * (train-set-conditioned, trained on L hallucinated acquisitions before the labels arrive).
 * <p>
 * Set-up: the toy task ({@link ToyTask}) with a seed set of 17; round 1's policy (CONTINUE and LOOKAHEAD) trains
 * {@code round1Steps} steps; the acquired batch is greedy BatchBALD's on round 1 (the same for every mode), labelled
 * by the toy oracle; round 2's GP is round 1's conditioned on the true labels with the same hyperparameters (no
 * refit, as in the lookahead). Also prints, per mode, the zero-shot best-of-20 JMI on round 2 over greedy's.
 * Usage: {@code TransferExperiment [pool=20] [B=3] [H=64] [round1Steps=2000] [lookaheads=10]
 * [stepsPerLookahead=200] [steps=2000] [evalEvery=100] [seed=0] [lr=1e-3] [flowLr=0.1]}.
 */
public final class TransferExperiment {

    private static final double TEMPERATURE = 0.1;
    private static final int SEED_SET = 17;

    private TransferExperiment() {
    }

    /**
     * @param args optional: pool size, batch size, hidden width, round-1 steps, lookaheads, steps per lookahead,
     *             round-2 steps, evaluation interval, seed, learning rate, flow-head learning rate
     */
    public static void main(String[] args) {
        int n = arg(args, 0, 20);
        int b = arg(args, 1, 3);
        int h = arg(args, 2, 64);
        int round1Steps = arg(args, 3, 2000);
        int lookaheads = arg(args, 4, 10);
        int stepsPerLookahead = arg(args, 5, 200);
        int steps = arg(args, 6, 2000);
        int every = arg(args, 7, 100);
        long seed = arg(args, 8, 0);
        double lr = args.length > 9 ? Double.parseDouble(args[9]) : 1e-3;
        double flowLr = args.length > 10 ? Double.parseDouble(args[10]) : 0.1;
        TrainerSettings settings = new TrainerSettings(0, 8, lr, 0.1, 0.9, TEMPERATURE, flowLr);
        BatchGfnTrainer trainer = new BatchGfnTrainer(settings);

        ToyTask task = ToyTask.create(n, SEED_SET, seed);
        AcquisitionProblem round1 = task.problem;
        PoolStandardizer standardizer = PoolStandardizer.fit(round1.poolFeatures());
        TrainingPairs pairs = TrainingPairs.fit(standardizer, round1.trainTargets());
        int[] acquired = task.greedyBatch(b);
        AcquisitionProblem round2 = afterAcquiring(round1, acquired, task.poolTargets);
        SetIndexer idx = new SetIndexer(round2.poolSize(), b);
        double[] target = SetDistributions.rewardDistribution(round2.reward(), idx, TEMPERATURE);
        double greedyJmi = round2.reward().value(new GreedyBatchBald().select(round2, b, new SplittableRandom(0)));

        // Round 1: an unconditioned policy (for CONTINUE) and a conditioned one (for LOOKAHEAD), same steps.
        PolicyNetwork continued = new PolicyNetwork(standardizer.apply(round1.poolFeatures()),
                new PolicyArchitecture(h, 2), new SubTrajectoryBalanceLoss(0.9, b), DataType.FLOAT,
                new SplittableRandom(seed + 1));
        trainer.train(continued, round1.reward(), new SplittableRandom(seed + 2), round1Steps, s -> { });
        PolicyNetwork conditioned = new PolicyNetwork(standardizer.apply(round1.poolFeatures()),
                new PolicyArchitecture(h, 2), new SubTrajectoryBalanceLoss(0.9, b), DataType.FLOAT,
                new SplittableRandom(seed + 1), true);
        conditioned.conditionOn(pairs.apply(round1.trainFeatures(), round1.trainTargets()));
        trainer.train(conditioned, round1.reward(), new SplittableRandom(seed + 2), round1Steps, s -> { });
        new LookaheadTrainer(settings, lookaheads, stepsPerLookahead)
                .train(conditioned, round1, pairs, new SplittableRandom(seed + 3));

        double[][] round2Pool = standardizer.apply(round2.poolFeatures());
        PolicyNetwork[] starts = {
            new PolicyNetwork(PoolStandardizer.standardize(round2.poolFeatures()), new PolicyArchitecture(h, 2),
                    new SubTrajectoryBalanceLoss(0.9, b), DataType.FLOAT, new SplittableRandom(seed + 4)),
            continued.copyOnPool(round2Pool, b),
            conditioned.copyOnPool(round2Pool, b)};
        starts[2].conditionOn(pairs.apply(round2.trainFeatures(), round2.trainTargets()));
        String[] modes = {"reinitialise", "continue", "lookahead"};
        System.out.printf("# pool %d, B %d, seed set %d, T %.2f, H %d, round-1 steps %d, lookahead %d x %d, lr %g,"
                        + " flow lr %g, acquired %s, greedy JMI on round 2 %.4f%n", n, b, SEED_SET, TEMPERATURE, h,
                round1Steps, lookaheads, stepsPerLookahead, lr, flowLr, java.util.Arrays.toString(acquired),
                greedyJmi);
        System.out.println("mode\tstep\tjsd_nats\tbest_of_20_jmi_over_greedy");
        for (int m = 0; m < modes.length; m++) {
            PolicyNetwork net = starts[m];
            SplittableRandom rng = new SplittableRandom(seed + 5);
            int done = 0;
            while (true) {
                double jsd = JensenShannonDivergence.between(
                        SetDistributions.policyDistribution(net.snapshot(), idx), target);
                double ratio = bestOf20(net, round2, b, seed + 6) / greedyJmi;
                System.out.printf("%s\t%d\t%.5f\t%.4f%n", modes[m], done, jsd, ratio);
                if (done >= steps) {
                    break;
                }
                int chunk = Math.min(every, steps - done);
                trainer.train(net, round2.reward(), rng, chunk, s -> { });
                done += chunk;
            }
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    /** Best-of-20 JMI of batches sampled from the policy without exploration. */
    private static double bestOf20(PolicyNetwork net, AcquisitionProblem p, int b, long seed) {
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(p.poolSize(), b),
                p.reward(), 0.0);
        SplittableRandom rng = new SplittableRandom(seed);
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 20; k++) {
            best = Math.max(best, p.reward().value(sampler.sampleActions(net.snapshot(), rng)));
        }
        return best;
    }

    /** The next round after labelling {@code batch} with the oracle's labels; the GP is conditioned, not refit. */
    private static AcquisitionProblem afterAcquiring(AcquisitionProblem p, int[] batch, double[] poolTargets) {
        int b = batch.length;
        double[][] x = new double[b][];
        double[] y = new double[b];
        boolean[] taken = new boolean[p.poolSize()];
        for (int k = 0; k < b; k++) {
            x[k] = p.poolFeatures()[batch[k]];
            y[k] = poolTargets[batch[k]];
            taken[batch[k]] = true;
        }
        double[][] pool = new double[p.poolSize() - b][];
        for (int i = 0, r = 0; i < p.poolSize(); i++) {
            if (!taken[i]) {
                pool[r++] = p.poolFeatures()[i];
            }
        }
        int m = p.trainFeatures().length;
        double[][] trainX = java.util.Arrays.copyOf(p.trainFeatures(), m + b);
        double[] trainY = java.util.Arrays.copyOf(p.trainTargets(), m + b);
        System.arraycopy(x, 0, trainX, m, b);
        System.arraycopy(y, 0, trainY, m, b);
        return AcquisitionProblem.of(pool, trainX, trainY, p.posterior().condition(x, y));
    }
}
