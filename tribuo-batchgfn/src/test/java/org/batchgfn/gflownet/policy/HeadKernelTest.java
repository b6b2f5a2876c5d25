package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused head kernel in use (plain loops in the default test run; {@code VectorHeadKernelTest} covers the Vector
 * API one) against a naive double-precision evaluation of {@code logit(x|s) = Σ_h v_h relu(A[x,h] + G[s,h])} and of
 * its gradient, on random data whose pool size is not a multiple of the chunk or the vector length.
 */
class HeadKernelTest {

    static final int N = 1100;
    static final int H = 37;
    static final int S = 5;

    static float[] random(SplittableRandom rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return out;
    }

    /** Runs a kernel's logits over every chunk. */
    static float[] logits(HeadKernel k, float[] aT, float[] v, float[] g) {
        return logits(k, N, S, aT, v, g);
    }

    /** Runs a kernel's logits over every chunk of a pool of n points, for s states (H = v.length). */
    static float[] logits(HeadKernel k, int n, int s, float[] aT, float[] v, float[] g) {
        float[] out = new float[s * n];
        for (int c = 0; c < HeadKernel.chunks(n); c++) {
            k.logits(aT, n, v, g, s, c * HeadKernel.CHUNK, Math.min(n, (c + 1) * HeadKernel.CHUNK), out);
        }
        return out;
    }

    /** A from Aᵀ. */
    static float[] untranspose(float[] aT) {
        return untranspose(aT, N, H);
    }

    /** A (n×h) from Aᵀ (h×n). */
    static float[] untranspose(float[] aT, int n, int h) {
        float[] a = new float[n * h];
        for (int j = 0; j < h; j++) {
            for (int x = 0; x < n; x++) {
                a[x * h + j] = aT[j * n + x];
            }
        }
        return a;
    }

    /**
     * Runs a kernel's backward pass over every chunk; returns {dA, dG, dV} with partial sums added in order and dV
     * formed from them by {@link HeadKernel#outputGradient}.
     */
    static float[][] backward(HeadKernel k, float[] aT, float[] g, float[] delta) {
        return backward(k, N, H, S, aT, g, delta);
    }

    /** {@link #backward(HeadKernel, float[], float[], float[])} for a pool of n points, width h and s states. */
    static float[][] backward(HeadKernel k, int n, int h, int s, float[] aT, float[] g, float[] delta) {
        float[] a = untranspose(aT, n, h);
        float[] dA = new float[h * n];
        float[] dG = new float[s * h];
        for (int c = 0; c < HeadKernel.chunks(n); c++) {
            float[] pg = new float[s * h];
            k.backward(a, n, h, g, delta, s, c * HeadKernel.CHUNK, Math.min(n, (c + 1) * HeadKernel.CHUNK), dA, pg);
            for (int i = 0; i < dG.length; i++) {
                dG[i] += pg[i];
            }
        }
        return new float[][]{dA, dG, HeadKernel.outputGradient(a, n, h, g, s, dA, dG)};
    }

    @Test
    void logitsAndGradientMatchNaiveDoubleEvaluation() {
        SplittableRandom rng = new SplittableRandom(1);
        float[] aT = random(rng, H * N);
        float[] v = random(rng, H);
        float[] g = random(rng, S * H);
        float[] delta = random(rng, S * N);
        HeadKernel k = HeadKernel.instance();
        float[] out = logits(k, aT, v, g);
        float[][] grads = backward(k, aT, g, delta);
        double[] dA = new double[H * N];
        double[] dG = new double[S * H];
        double[] dV = new double[H];
        for (int s = 0; s < S; s++) {
            for (int x = 0; x < N; x++) {
                double logit = 0;
                for (int j = 0; j < H; j++) {
                    double z = (double) aT[j * N + x] + g[s * H + j];
                    logit += v[j] * Math.max(z, 0);
                    double d = delta[s * N + x];
                    if (z > 0) {
                        dA[x * H + j] += d;
                        dG[s * H + j] += d;
                    }
                    dV[j] += d * Math.max(z, 0);
                }
                assertEquals(logit, out[s * N + x], 1e-5 * (1 + Math.abs(logit)), "logit " + s + "," + x);
            }
        }
        for (int i = 0; i < dA.length; i++) {
            assertEquals(dA[i], grads[0][i], 1e-5 * (1 + Math.abs(dA[i])), "dA " + i);
        }
        for (int i = 0; i < dG.length; i++) {
            assertEquals(dG[i], grads[1][i], 1e-4 * (1 + Math.abs(dG[i])), "dG " + i);
        }
        for (int j = 0; j < H; j++) {
            assertEquals(dV[j], grads[2][j], 1e-4 * (1 + Math.abs(dV[j])), "dV " + j);
        }
    }

    @Test
    void softmaxNormalisesAndZeroesMaskedPoints() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] row = random(rng, N + 3);
        row[5] = Float.NEGATIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int x = 3; x < N + 3; x++) {
            max = Math.max(max, row[x]);
        }
        double sum = 0;
        for (int x = 3; x < N + 3; x++) {
            sum += Math.exp(row[x] - max);
        }
        double lse = max + Math.log(sum);
        float[] before = row.clone();
        double got = HeadKernel.instance().softmax(row, 3, N);
        assertEquals(lse, got, 1e-5);
        assertEquals(0f, row[5]);
        assertEquals(before[0], row[0]); // outside the row: untouched
        double total = 0;
        for (int x = 3; x < N + 3; x++) {
            total += row[x];
            if (x != 5) {
                assertEquals(Math.exp(before[x] - lse), row[x], 1e-6);
            }
        }
        assertEquals(1.0, total, 1e-5);
    }

    /**
     * {@link HeadKernel#exp} against {@link Math#exp} rounded to float, on 2²⁰ points spread over
     * {@code [EXP_NORMAL, 0]} and the ends themselves: within 2 units of the float's last place everywhere (a
     * relative error of at most 2.4e−7), 1 at 0, and normal at the threshold.
     */
    @Test
    void floatExponentialIsWithinTwoUlpsOfMathExp() {
        int points = 1 << 20;
        int worst = 0;
        for (int i = 0; i <= points; i++) {
            float d = i == points ? HeadKernel.EXP_NORMAL : (float) (HeadKernel.EXP_NORMAL * (double) i / points);
            float expected = (float) Math.exp(d);
            float got = HeadKernel.exp(d);
            int ulps = Math.abs(Float.floatToRawIntBits(got) - Float.floatToRawIntBits(expected));
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 2, "exp(" + d + ") = " + got + ", Math.exp gives " + expected);
        }
        assertEquals(1f, HeadKernel.exp(0f));
        assertEquals(1f, HeadKernel.exp(-0f));
        assertTrue(HeadKernel.exp(HeadKernel.EXP_NORMAL) >= Float.MIN_NORMAL);
        assertTrue(worst >= 1, "the polynomial is not Math.exp, so some result is off by one unit");
    }

    /**
     * The softmax sets probabilities below {@link Float#MIN_NORMAL} to 0 ({@link FlushToZero}) and skips their
     * exponentials ({@link HeadKernel#EXP_NORMAL}, checked at the float below it). On a row spread over 300 nats
     * (about 200 of whose 4000 probabilities are subnormal floats in exact arithmetic), every output is 0 or normal;
     * each agrees with the double-precision {@code exp(l − lse)} to 1e−5 relative where that is above
     * {@code MIN_NORMAL} by a margin, and is 0 where it is below; the log-normaliser is the double-precision one.
     */
    @Test
    void softmaxFlushesSubnormalProbabilities() {
        assertTrue((float) Math.exp(HeadKernel.EXP_NORMAL) >= Float.MIN_NORMAL);
        assertTrue((float) Math.exp(Math.nextDown(HeadKernel.EXP_NORMAL)) < Float.MIN_NORMAL);
        SplittableRandom rng = new SplittableRandom(4);
        int n = 4000;
        float[] row = new float[n];
        for (int x = 0; x < n; x++) {
            row[x] = (float) (-300 * rng.nextDouble());
        }
        row[7] = 0f; // the maximum
        row[8] = HeadKernel.EXP_NORMAL;
        row[9] = Math.nextDown(HeadKernel.EXP_NORMAL);
        row[10] = Float.NEGATIVE_INFINITY;
        double sum = 0;
        for (int x = 0; x < n; x++) {
            sum += Math.exp(row[x]);
        }
        double lse = Math.log(sum);
        float[] before = row.clone();
        assertEquals(lse, HeadKernel.instance().softmax(row, 0, n), 1e-6);
        int flushed = 0;
        for (int x = 0; x < n; x++) {
            double exact = Math.exp(before[x] - lse);
            float p = row[x];
            assertTrue(p == 0f || p >= Float.MIN_NORMAL, "subnormal probability " + p + " at " + x);
            if (exact > Float.MIN_NORMAL * 1.001) {
                assertEquals(exact, p, 1e-5 * exact, "at " + x);
            } else if (exact < Float.MIN_NORMAL * 0.999) {
                assertEquals(0f, p, "at " + x);
                if (exact >= Float.MIN_VALUE) {
                    flushed++;
                }
            }
        }
        assertTrue(flushed > 100, "the row should reach the subnormal range, " + flushed + " points did");
    }
}
