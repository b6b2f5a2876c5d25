package org.batchgfn.gflownet.sampler;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.policy.ForwardPolicy;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.reward.BatchReward;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tempered exploration draws the policy steps from {@code PF^(1/τ)} renormalised. */
class TemperedExplorationTest {

    /** A fixed first-step distribution over 4 points, the same whatever the state. */
    private static final double[] PROBABILITIES = {0.7, 0.2, 0.08, 0.02};

    private static final ForwardPolicy FIXED = new ForwardPolicy() {
        @Override
        public int poolSize() {
            return PROBABILITIES.length;
        }

        @Override
        public double[] logProbabilities(int[] state) {
            double[] lp = new double[PROBABILITIES.length];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = Math.log(PROBABILITIES[i]);
            }
            for (int s : state) {
                lp[s] = Double.NEGATIVE_INFINITY;
            }
            return lp;
        }
    };

    private static BatchReward reward() {
        double[][] identity = new double[4][4];
        for (int i = 0; i < 4; i++) {
            identity[i][i] = 1.0;
        }
        return new JointMutualInformation(new DenseCovariance(identity), 1.0);
    }

    /**
     * With τ = 2 the first point's frequencies over 40000 one-step trajectories match {@code √p / Σ√p}
     * (0.490, 0.262, 0.166, 0.083) within 4.5 binomial standard deviations, and not the untempered p.
     */
    @Test
    void firstStepFrequenciesFollowTheTemperedPolicy() {
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(4, 1), reward(), 0.0)
                .withPolicyTemperature(2.0);
        assertEquals(2.0, sampler.policyTemperature());
        int draws = 40_000;
        int[] counts = new int[4];
        SplittableRandom rng = new SplittableRandom(7);
        for (int t = 0; t < draws; t++) {
            counts[sampler.sampleActions(FIXED, rng)[0]]++;
        }
        double z = 0;
        for (double p : PROBABILITIES) {
            z += Math.sqrt(p);
        }
        for (int i = 0; i < 4; i++) {
            double q = Math.sqrt(PROBABILITIES[i]) / z;
            double sd = Math.sqrt(q * (1 - q) / draws);
            double freq = counts[i] / (double) draws;
            assertEquals(q, freq, 4.5 * sd, "point " + i + ": tempered " + q + ", untempered " + PROBABILITIES[i]);
        }
        assertTrue(counts[0] / (double) draws < 0.6, "the most likely point is flattened from 0.7");
    }

    /** τ = 1 is the policy itself: the same draws as a sampler never tempered, seed for seed. */
    @Test
    void unitTemperatureChangesNothing() {
        TrajectorySampler plain = new TrajectorySampler(new SetConstructionEnvironment(4, 3), reward(), 0.2);
        TrajectorySampler one = plain.withPolicyTemperature(1.0);
        for (long seed = 0; seed < 50; seed++) {
            assertArrayEquals(plain.sampleActions(FIXED, new SplittableRandom(seed)),
                    one.sampleActions(FIXED, new SplittableRandom(seed)), "seed " + seed);
        }
        assertEquals(1.0, plain.policyTemperature());
    }

    @Test
    void invalidTemperaturesAreRejected() {
        TrajectorySampler plain = new TrajectorySampler(new SetConstructionEnvironment(4, 1), reward(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> plain.withPolicyTemperature(0.5));
        assertThrows(IllegalArgumentException.class, () -> plain.withPolicyTemperature(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> plain.withPolicyTemperature(Double.POSITIVE_INFINITY));
        TrainerSettings settings = new TrainerSettings(1, 1, 1e-3, 0.1, 0.9, 0.1);
        assertEquals(1.0, settings.explorationTemperature());
        assertEquals(3.0, settings.withExplorationTemperature(3.0).withSteps(5).explorationTemperature());
        assertThrows(IllegalArgumentException.class, () -> settings.withExplorationTemperature(0.9));
    }
}
