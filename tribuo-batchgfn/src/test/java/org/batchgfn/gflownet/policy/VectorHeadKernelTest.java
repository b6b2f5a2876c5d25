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
}
