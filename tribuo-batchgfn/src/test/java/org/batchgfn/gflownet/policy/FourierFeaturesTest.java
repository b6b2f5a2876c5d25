package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FourierFeaturesTest {

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Bochner: with frequencies W ~ N(0, σ²/d) per entry, {@code γ(z)·γ(z') / m = mean_k cos(2π w_k·(z − z'))}
     * estimates the Gaussian kernel {@code exp(−2π²σ²|z − z'|²/d)} (here d = 2); with m = 4000 the Monte-Carlo error is below
     * about 3/√(2m) ≈ 0.034. Checks the frequencies' distribution and scale and the map itself.
     */
    @Test
    void innerProductsApproximateTheGaussianKernelOfTheScale() {
        double sigma = 0.5;
        FourierFeatures f = new FourierFeatures(4000, sigma);
        double[][] z = {{0.0, 0.0}, {0.3, -0.1}, {-0.4, 0.5}, {1.0, 1.0}, {0.05, 0.02}};
        double[][] g = f.apply(z);
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z.length; j++) {
                double dx = z[i][0] - z[j][0];
                double dy = z[i][1] - z[j][1];
                double kernel = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * (dx * dx + dy * dy) / 2);
                assertEquals(kernel, dot(g[i], g[j]) / 4000, 0.035, "pair " + i + ", " + j);
            }
        }
    }

    /** Each sin/cos pair lies on the unit circle, and inner products depend only on z − z' (shift invariance). */
    @Test
    void featuresAreUnitPairsAndShiftInvariant() {
        FourierFeatures f = new FourierFeatures(16, 0.7);
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 20; t++) {
            double[] a = {rng.nextDouble() * 4 - 2};
            double[] b = {rng.nextDouble() * 4 - 2};
            double shift = rng.nextDouble() * 6 - 3;
            double[][] g = f.apply(new double[][]{a, b, {a[0] + shift}, {b[0] + shift}});
            for (double[] row : g) {
                assertEquals(32, row.length);
                for (int k = 0; k < 16; k++) {
                    assertEquals(1.0, row[k] * row[k] + row[16 + k] * row[16 + k], 1e-12);
                }
            }
            assertEquals(dot(g[0], g[1]), dot(g[2], g[3]), 1e-9);
        }
    }

    @Test
    void sameSettingsGiveTheSameFeaturesAndNonePassesThrough() {
        double[][] z = {{0.1, -2.0}, {1.5, 0.3}};
        FourierFeatures f = new FourierFeatures(8, 1.0);
        assertArrayEquals(f.apply(z), new FourierFeatures(8, 1.0).apply(z));
        assertArrayEquals(f.angularFrequencies(2), f.angularFrequencies(2));
        assertEquals(16, f.width(2));
        double[][] same = FourierFeatures.NONE.apply(z);
        assertArrayEquals(z, same);
        assertNotSame(z[0], same[0]);
        assertEquals(2, FourierFeatures.NONE.width(2));
        assertTrue(FourierFeatures.NONE.isNone());
        assertEquals(0, f.apply(new double[0][]).length);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(-1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(4, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new FourierFeatures(4, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PolicyArchitecture(8, 2, null));
    }
}
