package org.batchgfn.onnx;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeededKeysTest {

    /** Moments and a Kolmogorov-Smirnov bound of the uniforms over ids, steps and seeds, and the Gumbel moments. */
    @Test
    void uniformsAreUniformAndGumbelsHaveTheGumbelMoments() {
        int n = 200_000;
        double[] u = new double[n];
        double sum = 0;
        double sumSq = 0;
        double gSum = 0;
        double gSumSq = 0;
        for (int i = 0; i < n; i++) {
            long seed = i % 7;
            long step = (i / 7) % 5;
            long id = i / 35;
            u[i] = SeededKeys.uniform(seed, step, id);
            assertTrue(u[i] > 0 && u[i] < 1, "uniform " + u[i]);
            sum += u[i];
            sumSq += u[i] * u[i];
            double g = SeededKeys.gumbel(seed, step, id);
            assertEquals(-Math.log(-Math.log(u[i])), g, 0.0);
            gSum += g;
            gSumSq += g * g;
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 5 * Math.sqrt(1.0 / 12 / n));
        assertEquals(1.0 / 12, sumSq / n - mean * mean, 5 * Math.sqrt(1.0 / 180 / n));
        java.util.Arrays.sort(u);
        double ks = 0;
        for (int i = 0; i < n; i++) {
            ks = Math.max(ks, Math.max(Math.abs(u[i] - (double) i / n), Math.abs(u[i] - (double) (i + 1) / n)));
        }
        assertTrue(ks < 1.63 / Math.sqrt(n), "KS distance " + ks + " (1% critical value " + 1.63 / Math.sqrt(n) + ")");
        double gMean = gSum / n;
        double eulerGamma = 0.5772156649015329;
        double gVariance = Math.PI * Math.PI / 6;
        assertEquals(eulerGamma, gMean, 5 * Math.sqrt(gVariance / n));
        assertEquals(gVariance, gSumSq / n - gMean * gMean, 0.05);
    }

    /** Neighbouring seeds, steps and ids are uncorrelated (a weak hash would correlate consecutive counters). */
    @Test
    void neighbouringCountersAreUncorrelated() {
        int n = 100_000;
        double[][] pairs = {new double[n], new double[n], new double[n], new double[n]};
        for (int i = 0; i < n; i++) {
            pairs[0][i] = SeededKeys.uniform(11, 2, i);
            pairs[1][i] = SeededKeys.uniform(11, 2, i + 1);
            pairs[2][i] = SeededKeys.uniform(11, 3, i);
            pairs[3][i] = SeededKeys.uniform(12, 2, i);
        }
        for (int other = 1; other < 4; other++) {
            double r = correlation(pairs[0], pairs[other]);
            assertEquals(0.0, r, 5 / Math.sqrt(n), "correlation with neighbour " + other);
        }
    }

    private static double correlation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /**
     * The largest hash would give (2^53 − ½)·2^−53, which rounds to exactly 1 in double: the uniform stays in the
     * open interval there, its Gumbel variate finite and under its bound, while its neighbours below and the smallest
     * hash keep their exact values.
     */
    @Test
    void uniformStaysInsideTheOpenIntervalAtTheLargestHash() {
        assertEquals(1.0, ((-1L >>> 11) + 0.5) * 0x1.0p-53, "the rounding the cap is there for");
        double top = SeededKeys.toUniform(-1L);
        assertTrue(top < 1.0, "largest hash: " + top);
        double gumbel = -Math.log(-Math.log(top));
        assertTrue(Double.isFinite(gumbel) && gumbel <= SeededKeys.gumbelUpperBound(top), "Gumbel " + gumbel);
        // the bound's largest value, which lets a draw skip the hash of an entry far behind, is taken there
        assertEquals(SeededKeys.LARGEST_GUMBEL_BOUND, SeededKeys.gumbelUpperBound(top));
        for (double u : new double[]{0x1.0p-60, 0.5, 0.9, 1 - 0x1.0p-52}) {
            assertTrue(SeededKeys.gumbelUpperBound(u) <= SeededKeys.LARGEST_GUMBEL_BOUND, "u = " + u);
        }
        long below = -1L - (1L << 11); // the next 53-bit value down (even): the sum rounds back to it, below 1
        assertEquals(((below >>> 11) + 0.5) * 0x1.0p-53, SeededKeys.toUniform(below));
        assertEquals(0.5 * 0x1.0p-53, SeededKeys.toUniform(0L));
    }

    /**
     * The draw's hoisted form (one step hash per draw, one uniform per entry for its bound and its key) gives the
     * bits of the per-entry functions, against the frozen formula of the hash written out here.
     */
    @Test
    void hoistedStepHashGivesTheSameUniformsAndGumbels() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
        for (int i = 0; i < 10_000; i++) {
            long seed = rng.nextLong();
            long step = i % 3 == 0 ? rng.nextLong() : rng.nextInt(64);
            long id = i % 5 == 0 ? rng.nextLong() : rng.nextInt(100_000);
            long stepHash = SeededKeys.stepHash(seed, step);
            double u = SeededKeys.uniformAt(stepHash, id);
            assertEquals(Double.doubleToRawLongBits(SeededKeys.uniform(seed, step, id)), Double.doubleToRawLongBits(u));
            assertEquals(Double.doubleToRawLongBits(frozenUniform(seed, step, id)), Double.doubleToRawLongBits(u));
            assertEquals(Double.doubleToRawLongBits(-Math.log(-Math.log(u))),
                    Double.doubleToRawLongBits(SeededKeys.gumbelOf(u)));
            assertEquals(Double.doubleToRawLongBits(SeededKeys.gumbel(seed, step, id)),
                    Double.doubleToRawLongBits(SeededKeys.gumbelOf(u)));
        }
    }

    /** The hash as first released (SplitMix64's finaliser twice), written out independently of SeededKeys. */
    private static double frozenUniform(long seed, long step, long id) {
        long h = splitMix(seed + 0x9E3779B97F4A7C15L * (step + 1));
        long bits = splitMix(h ^ (id * 0xD1B54A32D192ED03L + 0x9E3779B97F4A7C15L));
        return Math.min(((bits >>> 11) + 0.5) * 0x1.0p-53, Math.nextDown(1.0));
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
