package org.batchgfn.acquisition;

import org.batchgfn.gp.kernel.RbfKernel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LcmdTest {

    /**
     * Worked on paper. With an RBF kernel of lengthscale 100 and outputscale 1, d²(x, y) = 2(1 − exp(−Δ²/2·10⁻⁴))
     * ≈ Δ²·10⁻⁴, so below we write Δ². Training points 0 and 10 (TP mode) are the first centres; the pool is a
     * dense group around −2 and one outlier at 13:
     * pool = [−2, −2.1, −1.9, −2.05, −1.95, 13].
     * Step 1: cluster of 0 holds the five points near −2 with m = 4, 4.41, 3.61, 4.2025, 3.8025 (W = 20.025);
     * cluster of 10 holds 13 with m = 9 (W = 9). The heavier cluster is 0's; its largest m is −2.1: index 1
     * (MaxDist would take the outlier, index 5).
     * Step 2: −2.1 takes over the other four (m = 0.01, 0.04, 0.0025, 0.0225: W = 0.075 &lt; 9), so the heaviest
     * cluster is 10's: index 5.
     * Step 3: only −2.1's cluster has weight; its largest m is −1.9 (0.04): index 2.
     */
    @Test
    void handBuiltTwoClusterExample() {
        double[][] train = KernelRuleFixtures.column(0.0, 10.0);
        double[][] pool = KernelRuleFixtures.column(-2, -2.1, -1.9, -2.05, -1.95, 13);
        KernelRuleFixtures f = new KernelRuleFixtures(train, pool, new RbfKernel(new double[]{100.0}, 1.0), 0.01);
        assertArrayEquals(new int[]{1, 5, 2}, new Lcmd().select(f.problem, 3, new SplittableRandom(0)));
        assertArrayEquals(new int[]{5, 1, 2}, new MaxDist().select(f.problem, 3, new SplittableRandom(0)));
    }

    /** The rule of baselines.md written directly on the full distance matrix. */
    private static int[] direct(double[][] d2, double[] var, int m, boolean tp, int b) {
        int n = d2.length - m;
        double[] dist = new double[n];
        int[] centre = new int[n];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(centre, -1);
        boolean any = false;
        if (tp) {
            for (int t = 0; t < m; t++) {
                for (int p = 0; p < n; p++) {
                    if (d2[m + p][t] < dist[p]) {
                        dist[p] = d2[m + p][t];
                        centre[p] = t;
                    }
                }
                any = true;
            }
        }
        boolean[] used = new boolean[n];
        int[] out = new int[b];
        for (int k = 0; k < b; k++) {
            int pick = -1;
            if (!any) {
                for (int p = 0; p < n; p++) {
                    if (pick < 0 || var[m + p] > var[m + pick]) {
                        pick = p;
                    }
                }
            } else {
                java.util.Map<Integer, Double> w = new java.util.HashMap<>();
                for (int p = 0; p < n; p++) {
                    w.merge(centre[p], dist[p], Double::sum);
                }
                double top = w.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                for (int p = 0; p < n; p++) {
                    if (!used[p] && w.get(centre[p]) == top && (pick < 0 || dist[p] > dist[pick])) {
                        pick = p;
                    }
                }
            }
            out[k] = pick;
            used[pick] = true;
            any = true;
            for (int p = 0; p < n; p++) {
                double d = p == pick ? 0 : d2[m + p][m + pick];
                if (d < dist[p]) {
                    dist[p] = d;
                    centre[p] = m + pick;
                }
            }
        }
        return out;
    }

    @Test
    void matchesADirectImplementationOnRandomInputs() {
        for (long seed = 0; seed < 6; seed++) {
            KernelRuleFixtures f = KernelRuleFixtures.random(5, 40, 2, 100 + seed);
            for (SelectionKernel kernel : SelectionKernel.values()) {
                double[][] c = kernel == SelectionKernel.PRIOR ? f.priorOverAll() : f.posteriorOverAll();
                double[] var = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    var[i] = c[i][i];
                }
                double[][] d2 = KernelRuleFixtures.squaredDistances(c);
                for (SelectionMode mode : SelectionMode.values()) {
                    int[] expected = direct(d2, var, 5, mode == SelectionMode.TP, 10);
                    int[] got = new Lcmd(kernel, mode).select(f.problem, 10, new SplittableRandom(0));
                    assertArrayEquals(expected, got, "seed " + seed + " " + kernel + " " + mode);
                }
            }
        }
    }

    @Test
    void defaultsAreTheReferenceBestConfigurationAndRecordedInProvenance() {
        Lcmd l = new Lcmd();
        assertEquals(SelectionKernel.PRIOR, l.selectionKernel());
        assertEquals(SelectionMode.TP, l.mode());
        var params = l.getProvenance().getConfiguredParameters();
        assertEquals("PRIOR", params.get("selectionKernel").toString());
        assertEquals("TP", params.get("mode").toString());
    }
}
