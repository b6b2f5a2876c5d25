package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        float[] out = new float[S * N];
        for (int c = 0; c < HeadKernel.chunks(N); c++) {
            k.logits(aT, N, v, g, S, c * HeadKernel.CHUNK, Math.min(N, (c + 1) * HeadKernel.CHUNK), out);
        }
        return out;
    }

    /** A from Aᵀ. */
    static float[] untranspose(float[] aT) {
        float[] a = new float[N * H];
        for (int j = 0; j < H; j++) {
            for (int x = 0; x < N; x++) {
                a[x * H + j] = aT[j * N + x];
            }
        }
        return a;
    }

    /** Runs a kernel's backward pass over every chunk; returns {dA, dG, dV} with partial sums added in order. */
    static float[][] backward(HeadKernel k, float[] aT, float[] g, float[] delta) {
        float[] a = untranspose(aT);
        float[] dA = new float[H * N];
        float[] dG = new float[S * H];
        float[] dV = new float[H];
        for (int c = 0; c < HeadKernel.chunks(N); c++) {
            float[] pg = new float[S * H];
            float[] pv = new float[H];
            k.backward(a, N, H, g, delta, S, c * HeadKernel.CHUNK, Math.min(N, (c + 1) * HeadKernel.CHUNK), dA, pg,
                    pv);
            for (int i = 0; i < dG.length; i++) {
                dG[i] += pg[i];
            }
            for (int j = 0; j < H; j++) {
                dV[j] += pv[j];
            }
        }
        return new float[][]{dA, dG, dV};
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
}
