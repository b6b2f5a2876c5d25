package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.StochasticBaldAcquisition.Variant;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StochasticBaldAcquisitionTest {

    private static final double NOISE = 0.5;
    private static final double[] VARIANCES = {0.1, 0.5, 1.0, 2.0, 4.0, 0.3};
    private static final int DRAWS = 20_000;

    /** The stated sampling weights, computed from the closed-form BALD score ½ log(1 + v/σ²). */
    private static double[] statedProbabilities(Variant variant, double beta) {
        int n = VARIANCES.length;
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = 0.5 * Math.log(1 + VARIANCES[i] / NOISE);
        }
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int rank = 1;
            for (int j = 0; j < n; j++) {
                if (s[j] > s[i]) {
                    rank++;
                }
            }
            w[i] = switch (variant) {
                case SOFTMAX -> Math.exp(beta * s[i]);
                case POWER -> Math.pow(s[i], beta);
                case SOFTRANK -> Math.pow(rank, -beta);
            };
            total += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= total;
        }
        return w;
    }

    private static void assertFirstPickFrequencies(Variant variant, double beta, long seed) {
        StochasticBaldAcquisition strategy = new StochasticBaldAcquisition(variant, beta);
        AcquisitionProblem problem = Problems.of(Problems.diagonal(VARIANCES), NOISE);
        double[] p = statedProbabilities(variant, beta);
        int n = VARIANCES.length;
        int[] first = new int[n];
        int[][] firstTwo = new int[n][n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int d = 0; d < DRAWS; d++) {
            int[] batch = strategy.select(problem, 3, rng);
            assertTrue(Problems.distinctInRange(batch, n));
            first[batch[0]]++;
            firstTwo[batch[0]][batch[1]]++;
        }
        for (int i = 0; i < n; i++) {
            double sd = Math.sqrt(DRAWS * p[i] * (1 - p[i]));
            assertEquals(DRAWS * p[i], first[i], 4 * sd, variant + " beta=" + beta + " first pick " + i);
            // Sampling without replacement: P(first = i, second = j) = p_i · p_j / (1 − p_i).
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double q = p[i] * p[j] / (1 - p[i]);
                    double sdq = Math.sqrt(DRAWS * q * (1 - q));
                    assertEquals(DRAWS * q, firstTwo[i][j], 4 * sdq + 1, variant + " pair " + i + "," + j);
                }
            }
        }
    }

    @Test
    void softmaxFirstPickFollowsExpOfColdnessTimesScore() {
        assertFirstPickFrequencies(Variant.SOFTMAX, 1.0, 31);
        assertFirstPickFrequencies(Variant.SOFTMAX, 4.0, 32);
    }

    @Test
    void powerFirstPickFollowsScoreToTheColdness() {
        assertFirstPickFrequencies(Variant.POWER, 1.0, 33);
        assertFirstPickFrequencies(Variant.POWER, 2.5, 34);
    }

    @Test
    void softrankFirstPickFollowsInverseRankPower() {
        assertFirstPickFrequencies(Variant.SOFTRANK, 1.0, 35);
        assertFirstPickFrequencies(Variant.SOFTRANK, 0.5, 36);
    }

    @Test
    void zeroColdnessIsUniform() {
        assertFirstPickFrequencies(Variant.SOFTMAX, 0.0, 37);
        double[] p = statedProbabilities(Variant.SOFTMAX, 0.0);
        for (double pi : p) {
            assertEquals(1.0 / VARIANCES.length, pi, 1e-15);
        }
    }

    @Test
    void veryColdSoftmaxReproducesBaldOrder() {
        AcquisitionProblem problem = Problems.of(Problems.diagonal(VARIANCES), NOISE);
        int[] bald = new BaldAcquisition().select(problem, 4, new SplittableRandom(0));
        int[] cold = new StochasticBaldAcquisition(Variant.SOFTMAX, 1e4).select(problem, 4, new SplittableRandom(1));
        assertArrayEquals(bald, cold);
        assertArrayEquals(new int[]{4, 3, 2, 1}, bald);
    }

    @Test
    void zeroScorePointsComeLastUnderPower() {
        AcquisitionProblem problem = Problems.of(Problems.diagonal(0.0, 1.0, 0.0, 2.0), NOISE);
        StochasticBaldAcquisition power = new StochasticBaldAcquisition(Variant.POWER, 1.0);
        SplittableRandom rng = new SplittableRandom(38);
        int[] thirdCounts = new int[4];
        for (int d = 0; d < 2000; d++) {
            int[] batch = power.select(problem, 3, rng);
            assertTrue((batch[0] == 1 && batch[1] == 3) || (batch[0] == 3 && batch[1] == 1));
            thirdCounts[batch[2]]++;
        }
        // The third point is uniform over the two zero-weight points: 1000 ± 4·sqrt(500).
        assertEquals(1000, thirdCounts[0], 4 * Math.sqrt(500));
        assertEquals(1000, thirdCounts[2], 4 * Math.sqrt(500));
    }

    @Test
    void rejectsInvalidConfiguration() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new StochasticBaldAcquisition(Variant.POWER, -1));
        assertTrue(negative.getMessage().contains("coldness beta must be finite and >= 0, got -1.0"),
                negative.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new StochasticBaldAcquisition(Variant.SOFTMAX, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new StochasticBaldAcquisition(Variant.SOFTMAX, Double.POSITIVE_INFINITY));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new StochasticBaldAcquisition(null, 1));
        assertTrue(none.getMessage().contains("SOFTMAX, POWER, SOFTRANK"), none.getMessage());
    }
}
