package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.reward.DirectJmi;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GreedyBatchBaldTest {

    private static final double NOISE = 0.2;

    /** Greedy by recomputing a full log-determinant for every candidate at every step. */
    private static int[] bruteForceGreedy(double[][] sigma, double noise, int b) {
        int n = sigma.length;
        int[] chosen = new int[0];
        boolean[] used = new boolean[n];
        for (int step = 0; step < b; step++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                if (used[x]) {
                    continue;
                }
                int[] candidate = Arrays.copyOf(chosen, chosen.length + 1);
                candidate[chosen.length] = x;
                double v = DirectJmi.jmi(sigma, noise, candidate);
                if (v > bestValue) {
                    bestValue = v;
                    best = x;
                }
            }
            used[best] = true;
            chosen = Arrays.copyOf(chosen, chosen.length + 1);
            chosen[step] = best;
        }
        return chosen;
    }

    @Test
    void matchesBruteForceGreedyOnRandomProblems() {
        SplittableRandom rng = new SplittableRandom(11);
        GreedyBatchBald greedy = new GreedyBatchBald();
        for (int trial = 0; trial < 25; trial++) {
            int n = 6 + rng.nextInt(15);
            int b = 1 + rng.nextInt(Math.min(n, 6));
            double[][] sigma = DirectJmi.randomPsd(n, 2 + rng.nextInt(n), rng);
            int[] expected = bruteForceGreedy(sigma, NOISE, b);
            int[] actual = greedy.select(Problems.of(sigma, NOISE), b, new SplittableRandom(0));
            assertArrayEquals(expected, actual, "trial " + trial);
        }
    }

    @Test
    void isWithinOneMinusOneOverEOfTheOptimum() {
        SplittableRandom rng = new SplittableRandom(12);
        GreedyBatchBald greedy = new GreedyBatchBald();
        for (int trial = 0; trial < 15; trial++) {
            int n = 8 + rng.nextInt(5);
            int b = 2 + rng.nextInt(3);
            double[][] sigma = DirectJmi.randomPsd(n, 1 + rng.nextInt(4), rng);
            double optimum = Double.NEGATIVE_INFINITY;
            for (int[] set : Problems.combinations(n, b)) {
                optimum = Math.max(optimum, DirectJmi.jmi(sigma, NOISE, set));
            }
            int[] batch = greedy.select(Problems.of(sigma, NOISE), b, new SplittableRandom(0));
            double value = DirectJmi.jmi(sigma, NOISE, batch);
            assertTrue(value >= (1 - 1 / Math.E) * optimum - 1e-12, value + " vs optimum " + optimum);
            assertTrue(value <= optimum + 1e-9);
        }
    }

    @Test
    void avoidsRedundantDuplicatesThatBaldPicks() {
        // Points 0 and 1 are perfectly correlated copies with the highest variance; point 2 is independent.
        double[][] sigma = {{2.0, 2.0, 0.0}, {2.0, 2.0, 0.0}, {0.0, 0.0, 1.5}};
        AcquisitionProblem problem = Problems.of(sigma, 0.1);
        assertArrayEquals(new int[]{0, 2}, new GreedyBatchBald().select(problem, 2, new SplittableRandom(0)));
        assertArrayEquals(new int[]{0, 1}, new BaldAcquisition().select(problem, 2, new SplittableRandom(0)));
    }

    @Test
    void wholePoolIsAPermutation() {
        double[][] sigma = DirectJmi.randomPsd(7, 3, new SplittableRandom(13));
        int[] all = new GreedyBatchBald().select(Problems.of(sigma, NOISE), 7, new SplittableRandom(0));
        assertTrue(Problems.distinctInRange(all, 7));
        assertEquals(7, all.length);
        assertEquals("batchbald", new GreedyBatchBald().name());
    }
}
