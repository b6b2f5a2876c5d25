package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        // The softmax is one scalar method shared by both kernels (HeadKernel.softmax; see HeadKernelTest).
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
