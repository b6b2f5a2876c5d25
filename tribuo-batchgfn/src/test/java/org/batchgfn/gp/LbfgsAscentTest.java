package org.batchgfn.gp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L-BFGS and its line search on functions whose maxima are known in closed form.
 */
class LbfgsAscentTest {

    /** f(x) = −½ (x − c)ᵀ A (x − c) with A SPD (condition number ~1e3): maximum 0 at c. */
    @Test
    void reachesTheMaximumOfAConcaveQuadratic() {
        int p = 8;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] q = new double[p][p];
        for (double[] row : q) {
            for (int j = 0; j < p; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    a[i][j] += q[k][i] * q[k][j];
                }
            }
            a[i][i] += Math.pow(10, 3.0 * i / (p - 1)) - 1 + 1e-3;
        }
        double[] c = new double[p];
        for (int i = 0; i < p; i++) {
            c[i] = rng.nextGaussian() * 3;
        }
        AdamAscent.Objective f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    s += a[i][j] * (x[j] - c[j]);
                }
                g[i] = -s;
                v -= 0.5 * (x[i] - c[i]) * s;
            }
            return v;
        };
        OptimizationResult r = new LbfgsAscent(500, 1e-9, 0, 10).maximize(f, new double[p],
                AdamAscent.IterationObserver.NONE);
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason());
        assertArrayEquals(c, r.parameters(), 1e-8);
        assertEquals(0.0, r.value(), 1e-12);
        assertTrue(r.iterations() < 100, "iterations " + r.iterations());
    }

    /** Rosenbrock, negated: maximum 0 at (1, …, 1), from the classic start (−1.2, 1, −1.2, 1). */
    @Test
    void reachesTheMaximumOfTheNegatedRosenbrockFunction() {
        AdamAscent.Objective f = (x, g) -> {
            double v = 0;
            java.util.Arrays.fill(g, 0.0);
            for (int i = 0; i + 1 < x.length; i++) {
                double t = x[i + 1] - x[i] * x[i];
                double u = 1 - x[i];
                v += 100 * t * t + u * u;
                g[i] += -400 * x[i] * t - 2 * u;
                g[i + 1] += 200 * t;
            }
            for (int i = 0; i < g.length; i++) {
                g[i] = -g[i];
            }
            return -v;
        };
        int[] calls = {0};
        OptimizationResult r = new LbfgsAscent(1000, 1e-8, 0, 10).maximize(f, new double[]{-1.2, 1, -1.2, 1},
                (iteration, value) -> calls[0]++);
        assertEquals(StopReason.GRADIENT_TOLERANCE, r.reason());
        assertArrayEquals(new double[]{1, 1, 1, 1}, r.parameters(), 1e-7);
        assertEquals(0.0, r.value(), 1e-14);
        assertEquals(r.iterations(), calls[0], "the observer hears every iteration");
    }

    @Test
    void stopsOnTheRelativeChangeOrTheIterationCap() {
        AdamAscent.Objective f = (x, g) -> {
            g[0] = -2 * (x[0] - 3) * 1e-3;
            return -1e-3 * (x[0] - 3) * (x[0] - 3) - 5;
        };
        OptimizationResult flat = new LbfgsAscent(100, 0, 1e-3, 5).maximize(f, new double[]{0},
                AdamAscent.IterationObserver.NONE);
        assertEquals(StopReason.RELATIVE_CHANGE, flat.reason());
        AdamAscent.Objective rosen = (x, g) -> {
            double t = x[1] - x[0] * x[0];
            double u = 1 - x[0];
            g[0] = 400 * x[0] * t + 2 * u;
            g[1] = -200 * t;
            return -(100 * t * t + u * u);
        };
        OptimizationResult capped = new LbfgsAscent(3, 0, 0, 5).maximize(rosen, new double[]{-1.2, 1},
                AdamAscent.IterationObserver.NONE);
        assertEquals(StopReason.MAX_ITERATIONS, capped.reason());
        assertEquals(3, capped.iterations());
    }

    /** An objective undefined beyond x = 2 (maximum at 1.5 inside): the line search steps back from the wall. */
    @Test
    void stepsBackFromPointsWhereTheObjectiveIsUndefined() {
        AdamAscent.Objective f = (x, g) -> {
            if (x[0] > 2) {
                throw new org.batchgfn.linalg.NotPositiveDefiniteException("beyond the wall");
            }
            g[0] = -2 * (x[0] - 1.5);
            return -(x[0] - 1.5) * (x[0] - 1.5);
        };
        OptimizationResult r = new LbfgsAscent(100, 1e-10, 0, 5).maximize(f, new double[]{-40},
                AdamAscent.IterationObserver.NONE);
        assertEquals(1.5, r.parameters()[0], 1e-9);
    }
}
