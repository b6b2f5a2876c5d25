package org.batchgfn.acquisition;

import org.batchgfn.gp.kernel.RbfKernel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxDistTest {

    /** Covering radius² of the pool by the centres: max over pool of min over centres of d². */
    private static double radius(double[][] d2, int m, int[] batch, boolean withTraining) {
        double worst = 0;
        for (int p = 0; p < d2.length - m; p++) {
            double best = Double.POSITIVE_INFINITY;
            if (withTraining) {
                for (int t = 0; t < m; t++) {
                    best = Math.min(best, d2[m + p][t]);
                }
            }
            for (int b : batch) {
                best = Math.min(best, d2[m + p][m + b]);
            }
            worst = Math.max(worst, best);
        }
        return worst;
    }

    /** Brute-force greedy k-centre from the distance matrix: each step the pool point of largest radius. */
    private static int[] bruteGreedy(double[][] d2, int m, int b, boolean withTraining, double[] variances) {
        int n = d2.length - m;
        int[] out = new int[b];
        for (int k = 0; k < b; k++) {
            int best = -1;
            double bestScore = -1;
            for (int p = 0; p < n; p++) {
                boolean used = false;
                for (int j = 0; j < k; j++) {
                    used |= out[j] == p;
                }
                if (used) {
                    continue;
                }
                double score = Double.POSITIVE_INFINITY;
                if (withTraining) {
                    for (int t = 0; t < m; t++) {
                        score = Math.min(score, d2[m + p][t]);
                    }
                }
                for (int j = 0; j < k; j++) {
                    score = Math.min(score, d2[m + p][m + out[j]]);
                }
                if (score == Double.POSITIVE_INFINITY) {
                    score = variances[m + p];
                }
                if (score > bestScore) {
                    bestScore = score;
                    best = p;
                }
            }
            out[k] = best;
        }
        return out;
    }

    @Test
    void coverageRadiusMatchesBruteForceGreedyAndIsWithinTwiceTheOptimum() {
        for (long seed = 0; seed < 5; seed++) {
            KernelRuleFixtures f = KernelRuleFixtures.random(3, 12, 2, seed);
            for (SelectionKernel kernel : SelectionKernel.values()) {
                for (SelectionMode mode : SelectionMode.values()) {
                    double[][] c = kernel == SelectionKernel.PRIOR ? f.priorOverAll() : f.posteriorOverAll();
                    double[][] d2 = KernelRuleFixtures.squaredDistances(c);
                    double[] var = new double[c.length];
                    for (int i = 0; i < c.length; i++) {
                        var[i] = c[i][i];
                    }
                    boolean tp = mode == SelectionMode.TP;
                    int b = 3;
                    int[] batch = new MaxDist(kernel, mode).select(f.problem, b, new SplittableRandom(1));
                    int[] brute = bruteGreedy(d2, 3, b, tp, var);
                    String where = "seed " + seed + " " + kernel + " " + mode;
                    assertEquals(radius(d2, 3, brute, tp), radius(d2, 3, batch, tp), 1e-10, where);
                    assertArrayEquals(brute, batch, where);
                    // The optimal k-centre radius over every B-subset: greedy is within a factor 2 in distance
                    // (4 in squared distance) of it and never better.
                    double opt = Double.POSITIVE_INFINITY;
                    for (int[] s : Problems.combinations(12, b)) {
                        opt = Math.min(opt, radius(d2, 3, s, tp));
                    }
                    double r = radius(d2, 3, batch, tp);
                    assertTrue(r >= opt - 1e-12 && r <= 4 * opt + 1e-12, where + ": radius² " + r + " opt " + opt);
                }
            }
        }
    }

    @Test
    void withoutCentresTheFirstPickIsTheLargestVariance() {
        KernelRuleFixtures f = KernelRuleFixtures.random(4, 15, 2, 7);
        double[][] c = f.posteriorOverAll();
        int best = 0;
        for (int p = 1; p < 15; p++) {
            if (c[4 + p][4 + p] > c[4 + best][4 + best]) {
                best = p;
            }
        }
        int[] batch = new MaxDist(SelectionKernel.POSTERIOR, SelectionMode.P).select(f.problem, 1,
                new SplittableRandom(0));
        assertEquals(best, batch[0]);
        // The prior kernel has equal variances everywhere: the first index wins the tie.
        assertEquals(0, new MaxDist(SelectionKernel.PRIOR, SelectionMode.P).select(f.problem, 1,
                new SplittableRandom(0))[0]);
    }

    @Test
    void fillsAtRandomWhenEveryRemainingPointIsACentre() {
        // Pool: two copies of the training points and one new point: after it, every score is 0.
        double[][] train = KernelRuleFixtures.column(0.0, 1.0);
        double[][] pool = KernelRuleFixtures.column(0.0, 1.0, 0.0, 1.0, 5.0);
        KernelRuleFixtures f = new KernelRuleFixtures(train, pool, new RbfKernel(new double[]{1.0}, 1.0), 0.01);
        BatchSelection s = new MaxDist().choose(f.problem, 4, new SplittableRandom(3));
        int[] idx = s.indices();
        assertEquals(4, s.randomFills() + 1);
        assertEquals(3, s.randomFills());
        assertEquals(4, idx[0]);
        assertTrue(Problems.distinctInRange(idx, 5));
    }
}
