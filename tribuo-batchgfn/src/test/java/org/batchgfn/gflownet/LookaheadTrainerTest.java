package org.batchgfn.gflownet;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.train.LookaheadTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.GaussianProcessPosterior;
import org.batchgfn.gp.kernel.KernelType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LookaheadTrainerTest {

    private static final int B = 2;
    private static final double T = 0.5;

    private static double truth(double x) {
        return Math.sin(2 * x) + 0.3 * x;
    }

    /** Pool of 10 points on [-2, 2], four labelled points, a Matérn-5/2 GP with fixed hyperparameters. */
    static AcquisitionProblem problem() {
        double[][] pool = new double[10][];
        for (int i = 0; i < 10; i++) {
            pool[i] = new double[]{-2 + 4.0 * i / 9 + 0.05 * Math.sin(7 * i)};
        }
        double[][] trainX = {{-1.7}, {-0.4}, {0.3}, {1.9}};
        double[] trainY = new double[4];
        for (int i = 0; i < 4; i++) {
            trainY[i] = truth(trainX[i][0]);
        }
        GaussianProcessPosterior post = ExactGaussianProcessPosterior.of(
                KernelType.MATERN52.create(new double[]{0.6}, 1.0), 0.01, 0.0, trainX, trainY);
        return AcquisitionProblem.of(pool, trainX, trainY, post);
    }

    /** The real next round after acquiring {@code batch} with its true labels. */
    static AcquisitionProblem afterAcquiring(AcquisitionProblem p, int[] batch) {
        double[][] x = {p.poolFeatures()[batch[0]], p.poolFeatures()[batch[1]]};
        double[] y = {truth(x[0][0]), truth(x[1][0])};
        double[][] pool = new double[p.poolSize() - 2][];
        for (int i = 0, r = 0; i < p.poolSize(); i++) {
            if (i != batch[0] && i != batch[1]) {
                pool[r++] = p.poolFeatures()[i];
            }
        }
        double[][] trainX = java.util.Arrays.copyOf(p.trainFeatures(), 6);
        double[] trainY = java.util.Arrays.copyOf(p.trainTargets(), 6);
        trainX[4] = x[0];
        trainX[5] = x[1];
        trainY[4] = y[0];
        trainY[5] = y[1];
        return AcquisitionProblem.of(pool, trainX, trainY, p.posterior().condition(x, y));
    }

    /** Exact JSD of the network, carried to the next problem's pool and training set, against its reward. */
    private static double jsdOnNext(PolicyNetwork net, AcquisitionProblem next, TrainingPairs pairs) {
        PolicyNetwork carried = net.copyOnPool(pairs.features().apply(next.poolFeatures()), B);
        carried.conditionOn(pairs.apply(next.trainFeatures(), next.trainTargets()));
        SetIndexer idx = new SetIndexer(next.poolSize(), B);
        return JensenShannonDivergence.between(SetDistributions.policyDistribution(carried.snapshot(), idx),
                SetDistributions.rewardDistribution(next.reward(), idx, T));
    }

    /**
     * Lookahead training on hallucinated acquisitions alone (the policy never sees the true labels) brings the
     * zero-shot policy of the real next round much closer to that round's reward distribution.
     */
    @Test
    void lookaheadTrainingTransfersToTheRealNextRound() {
        AcquisitionProblem p = problem();
        PoolStandardizer standardizer = PoolStandardizer.fit(p.poolFeatures());
        TrainingPairs pairs = TrainingPairs.fit(standardizer, p.trainTargets());
        PolicyNetwork net = new PolicyNetwork(standardizer.apply(p.poolFeatures()), new PolicyArchitecture(16, 2),
                B, DataType.FLOAT, new SplittableRandom(3), true);
        AcquisitionProblem next = afterAcquiring(p, new int[]{2, 6});
        double before = jsdOnNext(net, next, pairs);
        LookaheadTrainer trainer = new LookaheadTrainer(new TrainerSettings(0, 8, 1e-2, 0.1, 0.9, T), 10, 100);
        LookaheadTrainer.Report report = trainer.train(net, p, pairs, new SplittableRandom(4));
        double after = jsdOnNext(net, next, pairs);
        System.out.printf("lookahead zero-shot JSD on the next round: %.4f -> %.4f%n", before, after);
        assertEquals(1000, report.steps());
        assertTrue(Double.isFinite(report.lastLoss()));
        assertTrue(after < 0.6 * before, "JSD " + before + " -> " + after);
        // The network is left conditioned on the real training set.
        double[][] current = pairs.apply(p.trainFeatures(), p.trainTargets());
        double[][] actual = net.trainingPairs();
        assertEquals(current.length, actual.length);
        for (int i = 0; i < current.length; i++) {
            assertArrayEquals(current[i], actual[i], 0.0);
        }
    }

    /** Zero lookaheads leave every parameter as it was. */
    @Test
    void zeroLookaheadsChangeNothing() {
        AcquisitionProblem p = problem();
        PoolStandardizer standardizer = PoolStandardizer.fit(p.poolFeatures());
        TrainingPairs pairs = TrainingPairs.fit(standardizer, p.trainTargets());
        PolicyNetwork net = new PolicyNetwork(standardizer.apply(p.poolFeatures()), new PolicyArchitecture(8, 1),
                B, DataType.FLOAT, new SplittableRandom(3), true);
        PolicyNetwork copy = net.copyOnPool(standardizer.apply(p.poolFeatures()), B);
        new LookaheadTrainer(new TrainerSettings(0, 4, 1e-2, 0.1, 0.9, T), 0, 50)
                .train(net, p, pairs, new SplittableRandom(1));
        for (String name : net.parameters().keySet()) {
            assertEquals(copy.parameters().get(name), net.parameters().get(name), name);
        }
    }

    @Test
    void rejectsUnconditionedNetworksAndBadCounts() {
        AcquisitionProblem p = problem();
        PoolStandardizer standardizer = PoolStandardizer.fit(p.poolFeatures());
        TrainingPairs pairs = TrainingPairs.fit(standardizer, p.trainTargets());
        PolicyNetwork plain = new PolicyNetwork(standardizer.apply(p.poolFeatures()), new PolicyArchitecture(8, 1),
                B, DataType.FLOAT, new SplittableRandom(3));
        LookaheadTrainer trainer = new LookaheadTrainer(new TrainerSettings(0, 4, 1e-2, 0.1, 0.9, T), 1, 1);
        assertThrows(IllegalArgumentException.class, () -> trainer.train(plain, p, pairs, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new LookaheadTrainer(new TrainerSettings(0, 4, 1e-2, 0.1, 0.9, T), -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new LookaheadTrainer(new TrainerSettings(0, 4, 1e-2, 0.1, 0.9, T), 1, -1));
    }
}
