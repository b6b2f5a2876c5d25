package org.batchgfn.acquisition;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansPlusPlusTest {

    private static final int DRAWS = 20_000;

    /** |count − n p| within 4.5 binomial standard deviations (plus one count for p near 0). */
    private static void assertBinomial(long count, double p, String what) {
        double mean = DRAWS * p;
        double sd = Math.sqrt(DRAWS * p * (1 - p));
        assertTrue(Math.abs(count - mean) <= 4.5 * sd + 1, what + ": " + count + " draws, expected " + mean
                + " ± " + sd);
    }

    @Test
    void firstAndSecondPicksFollowTheD2Probabilities() {
        KernelRuleFixtures f = KernelRuleFixtures.random(2, 6, 1, 11);
        int m = 2;
        int n = 6;
        double[][] d2 = KernelRuleFixtures.squaredDistances(f.priorOverAll());
        // D² from the training centres.
        double[] m0 = new double[n];
        for (int p = 0; p < n; p++) {
            m0[p] = Math.min(d2[m + p][0], d2[m + p][1]);
        }
        double[] first = normalised(m0);
        double[] second = new double[n];
        for (int x = 0; x < n; x++) {
            double[] mx = new double[n];
            for (int p = 0; p < n; p++) {
                mx[p] = p == x ? 0 : Math.min(m0[p], d2[m + p][m + x]);
            }
            double[] q = normalised(mx);
            for (int p = 0; p < n; p++) {
                second[p] += first[x] * q[p];
            }
        }
        long[] c1 = new long[n];
        long[] c2 = new long[n];
        KMeansPlusPlus km = new KMeansPlusPlus();
        SplittableRandom master = new SplittableRandom(5);
        for (int i = 0; i < DRAWS; i++) {
            int[] b = km.select(f.problem, 2, master.split());
            c1[b[0]]++;
            c2[b[1]]++;
        }
        for (int p = 0; p < n; p++) {
            assertBinomial(c1[p], first[p], "first pick " + p);
            assertBinomial(c2[p], second[p], "second pick " + p);
        }
    }

    @Test
    void withoutCentresTheFirstPickIsUniformAndSeedsReproduce() {
        KernelRuleFixtures f = KernelRuleFixtures.random(2, 5, 1, 12);
        KMeansPlusPlus km = new KMeansPlusPlus(SelectionKernel.PRIOR, SelectionMode.P);
        long[] c = new long[5];
        SplittableRandom master = new SplittableRandom(9);
        for (int i = 0; i < DRAWS; i++) {
            c[km.select(f.problem, 1, master.split())[0]]++;
        }
        for (int p = 0; p < 5; p++) {
            assertBinomial(c[p], 0.2, "uniform first pick " + p);
        }
        assertArrayEquals(km.select(f.problem, 4, new SplittableRandom(42)),
                km.select(f.problem, 4, new SplittableRandom(42)));
    }

    private static double[] normalised(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / s;
        }
        return out;
    }
}
