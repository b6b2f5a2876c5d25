package org.batchgfn.acquisition;

import org.batchgfn.gp.kernel.RbfKernel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaitTest {

    private static final int M = 4;

    /** V(S): total variance over training ∪ pool after observing the pool points S with noise, from scratch. */
    private static double totalVariance(double[][] c0, List<Integer> poolPoints, double sigma2) {
        int[] obs = poolPoints.stream().mapToInt(p -> M + p).toArray();
        double[][] c = KernelRuleFixtures.conditioned(c0, obs, sigma2);
        double t = 0;
        for (int i = 0; i < c.length; i++) {
            t += c[i][i];
        }
        return t;
    }

    /** Brute-force greedy forward: each step the candidate whose observation leaves the least total variance. */
    private static List<Integer> bruteForward(double[][] c0, int n, int steps, double sigma2) {
        List<Integer> s = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            int best = -1;
            double bestV = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (!s.contains(j)) {
                    s.add(j);
                    double v = totalVariance(c0, s, sigma2);
                    s.remove(s.size() - 1);
                    if (v < bestV) {
                        bestV = v;
                        best = j;
                    }
                }
            }
            s.add(best);
        }
        return s;
    }

    @Test
    void everyForwardPickMinimisesTheTotalPosteriorVarianceAndTheObjectiveDecreases() {
        for (long seed = 0; seed < 4; seed++) {
            KernelRuleFixtures f = KernelRuleFixtures.random(M, 25, 2, 300 + seed);
            double[][] post = f.posteriorOverAll();
            int b = 6;
            int[] got = new Bait(true).select(f.problem, b, new SplittableRandom(0));
            List<Integer> prefix = new ArrayList<>();
            double previous = totalVariance(post, prefix, f.noise);
            for (int k = 0; k < b; k++) {
                // The pick at step k, given the first k picks, against every candidate recomputed from scratch.
                int best = -1;
                double bestV = Double.POSITIVE_INFINITY;
                for (int j = 0; j < 25; j++) {
                    if (!prefix.contains(j)) {
                        prefix.add(j);
                        double v = totalVariance(post, prefix, f.noise);
                        prefix.remove(prefix.size() - 1);
                        if (v < bestV) {
                            bestV = v;
                            best = j;
                        }
                    }
                }
                assertEquals(best, got[k], "seed " + seed + " step " + k);
                prefix.add(got[k]);
                double v = totalVariance(post, prefix, f.noise);
                assertTrue(v < previous, "objective must decrease: " + v + " after " + previous);
                previous = v;
            }
        }
    }

    /** Brute-force BAIT-FB: the given forward steps, then removals of least total-variance increase to b. */
    private static List<Integer> bruteForwardBackward(double[][] c0, int n, int forwardSteps, int b, double sigma2) {
        List<Integer> s = bruteForward(c0, n, forwardSteps, sigma2);
        while (s.size() > b) {
            int drop = -1;
            double dropV = Double.POSITIVE_INFINITY;
            for (int j : s) {
                List<Integer> rest = new ArrayList<>(s);
                rest.remove(Integer.valueOf(j));
                double v = totalVariance(c0, rest, sigma2);
                if (v < dropV) {
                    dropV = v;
                    drop = j;
                }
            }
            s.remove(Integer.valueOf(drop));
        }
        return s;
    }

    @Test
    void forwardBackwardDropsThePointsWhoseRemovalCostsLeastAndKeepsForwardOrder() {
        int b = 4;
        int differsFromForward = 0;
        int differsFromShortForward = 0;
        for (long seed = 0; seed < 12; seed++) {
            KernelRuleFixtures f = KernelRuleFixtures.random(M, 20, 2, 400 + seed);
            double[][] post = f.posteriorOverAll();
            List<Integer> fb = bruteForwardBackward(post, 20, 2 * b, b, f.noise);
            int[] expected = fb.stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, new Bait().select(f.problem, b, new SplittableRandom(0)), "seed " + seed);
            // The check only bites where the backward pass matters: count the problems where 2B forward steps and
            // B backward steps give another batch than B forward steps, or than B + 1 forward and one backward.
            if (!fb.equals(bruteForward(post, 20, b, f.noise))) {
                differsFromForward++;
            }
            if (!fb.equals(bruteForwardBackward(post, 20, b + 1, b, f.noise))) {
                differsFromShortForward++;
            }
        }
        assertTrue(differsFromForward >= 2 && differsFromShortForward >= 2, "forward-backward differs from "
                + "forward only on " + differsFromForward + " and from B + 1 forward steps on "
                + differsFromShortForward + " of 12 problems");
    }

    @Test
    void priorKernelAndOwnNoiseFollowTheSameRule() {
        KernelRuleFixtures f = KernelRuleFixtures.random(M, 15, 1, 500);
        double sigma2 = 0.3;
        // TP mode with the prior kernel: the training points are observed first, with the configured noise.
        int[] train = {0, 1, 2, 3};
        double[][] c0 = KernelRuleFixtures.conditioned(f.priorOverAll(), train, sigma2);
        int[] expected = bruteForward(c0, 15, 3, sigma2).stream().mapToInt(Integer::intValue).toArray();
        Bait bait = new Bait(true, SelectionKernel.PRIOR, SelectionMode.TP, sigma2, 64);
        assertArrayEquals(expected, bait.select(f.problem, 3, new SplittableRandom(0)));
        // P mode with the prior kernel ignores the labels entirely.
        int[] prior = bruteForward(f.priorOverAll(), 15, 3, sigma2).stream().mapToInt(Integer::intValue).toArray();
        assertArrayEquals(prior, new Bait(true, SelectionKernel.PRIOR, SelectionMode.P, sigma2, 64)
                .select(f.problem, 3, new SplittableRandom(0)));
    }

    @Test
    void refusesWhenTheDenseCovarianceExceedsTheCap() {
        // n = 4 + 400 points: 8 n² bytes = 1.25 MiB > 1 MiB.
        KernelRuleFixtures f = KernelRuleFixtures.random(M, 400, 1, 600);
        Bait bait = new Bait(false, SelectionKernel.POSTERIOR, SelectionMode.P, 0.0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bait.select(f.problem, 2, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("n = N + M = 404") && e.getMessage().contains("maxCovarianceMegabytes = 1"),
                e.getMessage());
    }

    @Test
    void namesAndProvenance() {
        assertEquals("bait", new Bait().name());
        assertEquals("bait-f", new Bait(true).name());
        var p = new Bait().getProvenance().getConfiguredParameters();
        assertEquals("POSTERIOR", p.get("selectionKernel").toString());
        assertEquals("P", p.get("mode").toString());
        assertEquals("false", p.get("forwardOnly").toString());
        assertThrows(RuntimeException.class, () -> new Bait(false, SelectionKernel.PRIOR, SelectionMode.P, -1, 10));
        assertThrows(RuntimeException.class, () -> new Bait(false, SelectionKernel.PRIOR, null, 0, 10));
    }

    @Test
    void duplicatePoolPointsGiveADistinctBatchStartingAtTheFirstIndex() {
        // Three copies of one location: the first observation scores highest at index 0 (ties: first index), and
        // whatever the rule does after, the batch stays distinct.
        double[][] train = KernelRuleFixtures.column(0.0);
        double[][] pool = KernelRuleFixtures.column(3.0, 3.0, 3.0);
        KernelRuleFixtures f = new KernelRuleFixtures(train, pool, new RbfKernel(new double[]{1.0}, 1.0), 0.01);
        BatchSelection s = new Bait(true).choose(f.problem, 3, new SplittableRandom(1));
        assertTrue(Problems.distinctInRange(s.indices(), 3));
        assertEquals(0, s.indices()[0]);
    }
}
