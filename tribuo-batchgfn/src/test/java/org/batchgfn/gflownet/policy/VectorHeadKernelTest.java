package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API kernel against the plain one. Runs only in the surefire execution {@code vector-kernel}, whose JVM
 * has {@code --add-modules jdk.incubator.vector} (the default execution excludes it), and fails rather than skips if
 * the module is missing there. That execution also runs {@link HeadKernelTest} and the engine tests with the vector
 * kernel selected.
 */
class VectorHeadKernelTest {

    /**
     * Shapes (N, H, S) chosen so that every path of the register-blocked vector kernel runs (16 lanes with AVX-512,
     * 8 with AVX2): whole blocks of pool points and of units, single vectors after them, scalar tails, a pool smaller
     * than one block, chunks of the pool ({@link HeadKernel#CHUNK}) that end mid-block, and many states (the gradient's
     * groups of four with a partial one after them).
     */
    private static final int[][] SHAPES = {
            {HeadKernelTest.N, HeadKernelTest.H, HeadKernelTest.S},
            {1100, 64, 7},
            {1000, 150, 3},
            {50, 256, 4},
            {600, 8, 9},
            {700, 64, 70},
            {300, 256, 19},
    };

    @Test
    void vectorKernelIsSelectedAndAgreesWithThePlainOne() {
        assertTrue(HeadKernel.vectorModulePresent(), "this test runs in the JVM with jdk.incubator.vector");
        HeadKernel vector = HeadKernel.instance();
        assertTrue(vector.description().startsWith("vector-"), "selected kernel: " + vector.description());
        HeadKernel plain = new PlainHeadKernel();
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] shape : SHAPES) {
            int n = shape[0];
            int h = shape[1];
            int s = shape[2];
            String where = "N = " + n + ", H = " + h + ", S = " + s;
            float[] aT = HeadKernelTest.random(rng, h * n);
            float[] v = HeadKernelTest.random(rng, h);
            float[] g = HeadKernelTest.random(rng, s * h);
            float[] delta = HeadKernelTest.random(rng, s * n);
            for (int i = 0; i < delta.length; i += 7) {
                delta[i] = 0f; // masked (chosen) points, which both kernels skip
            }
            // Same float operations per lane, same order: bit-identical logits.
            assertArrayEquals(HeadKernelTest.logits(plain, n, s, aT, v, g),
                    HeadKernelTest.logits(vector, n, s, aT, v, g), "logits, " + where);
            float[][] p = HeadKernelTest.backward(plain, n, h, s, aT, g, delta);
            float[][] q = HeadKernelTest.backward(vector, n, h, s, aT, g, delta);
            // The gradient too: every sum runs in the same order, lane-wise.
            assertArrayEquals(p[0], q[0], "dA, " + where);
            assertArrayEquals(p[1], q[1], "dG, " + where);
            assertArrayEquals(p[2], q[2], "dV, " + where);
        }
    }

    /**
     * The softmax's exponentials and normalisation (HeadKernel.softmax), vectorised, give the plain kernel's bits:
     * rows at an offset and of lengths that end mid-vector, logits spread over 200 nats (entries on both sides of
     * {@code EXP_NORMAL} and of the flush), masked points at −∞, a NaN, and entries equal to the maximum.
     */
    @Test
    void softmaxGivesThePlainKernelsBits() {
        HeadKernel vector = HeadKernel.instance();
        HeadKernel plain = new PlainHeadKernel();
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[]{1, 7, 16, 37, 2000, 2003}) {
            for (double spread : new double[]{1, 30, 200}) {
                int offset = 3;
                float[] row = new float[n + 5];
                for (int x = 0; x < row.length; x++) {
                    row[x] = (float) (spread * (rng.nextDouble() - 0.5));
                }
                if (n > 10) {
                    row[offset + 4] = Float.NEGATIVE_INFINITY;
                    row[offset + 9] = row[offset + 2];
                }
                float[] a = row.clone();
                float[] b = row.clone();
                double lseA = plain.softmax(a, offset, n);
                double lseB = vector.softmax(b, offset, n);
                String where = "n = " + n + ", spread " + spread;
                assertArrayEquals(a, b, where);
                assertEquals(lseA, lseB, 0.0, where);
                for (int x = offset; x < offset + n; x++) {
                    assertTrue(b[x] == 0f || b[x] >= Float.MIN_NORMAL, "subnormal probability, " + where);
                }
            }
        }
        float[] withNaN = {0.5f, Float.NaN, -3f, 1f, 2f, 0f, -1f, 4f, 0.25f, 7f, -2f, 1f, 3f, 2f, 1f, 0f, 5f, 6f};
        float[] a = withNaN.clone();
        float[] b = withNaN.clone();
        plain.softmax(a, 0, a.length);
        vector.softmax(b, 0, b.length);
        for (int x = 0; x < a.length; x++) {
            assertEquals(Float.isNaN(a[x]), Float.isNaN(b[x]), "NaN at " + x);
            if (!Float.isNaN(a[x])) {
                assertEquals(a[x], b[x], 0f, "at " + x);
            }
        }
    }

    /**
     * The vector kernel's relu is a compare and a blend, which keeps a −0 where {@code Math.max} (the plain kernel)
     * gives +0: pre-activations of exactly ±0 (A and G made of signed zeros and negatives, outputs of both signs, so
     * that many logits are exactly zero) must still give the plain kernel's bits, and no logit is −0.
     */
    @Test
    void signedZeroPreActivationsGiveThePlainKernelsBits() {
        HeadKernel vector = HeadKernel.instance();
        HeadKernel plain = new PlainHeadKernel();
        SplittableRandom rng = new SplittableRandom(11);
        int n = 700;
        int h = 24;
        int s = 5;
        float[] choices = {0f, -0f, -0.5f, -0f, 0f, 0.25f};
        float[] aT = new float[h * n];
        for (int i = 0; i < aT.length; i++) {
            aT[i] = choices[rng.nextInt(choices.length)];
        }
        float[] g = new float[s * h];
        for (int i = 0; i < g.length; i++) {
            g[i] = choices[rng.nextInt(4)]; // ±0 and negatives only
        }
        float[] v = HeadKernelTest.random(rng, h);
        float[] p = HeadKernelTest.logits(plain, n, s, aT, v, g);
        float[] q = HeadKernelTest.logits(vector, n, s, aT, v, g);
        assertArrayEquals(p, q, "logits with signed-zero pre-activations");
        int zeros = 0;
        for (float l : q) {
            assertTrue(Float.floatToRawIntBits(l) != Float.floatToRawIntBits(-0f), "a logit is -0");
            zeros += l == 0f ? 1 : 0;
        }
        assertTrue(zeros > 100, "the test needs logits that are exactly zero, got " + zeros);
    }
}
