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

    @Test
    void vectorKernelIsSelectedAndAgreesWithThePlainOne() {
        assertTrue(HeadKernel.vectorModulePresent(), "this test runs in the JVM with jdk.incubator.vector");
        HeadKernel vector = HeadKernel.instance();
        assertTrue(vector.description().startsWith("vector-"), "selected kernel: " + vector.description());
        HeadKernel plain = new PlainHeadKernel();
        SplittableRandom rng = new SplittableRandom(3);
        int n = HeadKernelTest.N;
        int h = HeadKernelTest.H;
        int s = HeadKernelTest.S;
        float[] aT = HeadKernelTest.random(rng, h * n);
        float[] v = HeadKernelTest.random(rng, h);
        float[] g = HeadKernelTest.random(rng, s * h);
        float[] delta = HeadKernelTest.random(rng, s * n);
        // Same float operations per lane: bit-identical logits.
        assertArrayEquals(HeadKernelTest.logits(plain, aT, v, g), HeadKernelTest.logits(vector, aT, v, g));
        float[][] p = HeadKernelTest.backward(plain, aT, g, delta);
        float[][] q = HeadKernelTest.backward(vector, aT, g, delta);
        // The gradient too: every sum runs in the same order, lane-wise.
        assertArrayEquals(p[0], q[0], "dA");
        assertArrayEquals(p[1], q[1], "dG");
        assertArrayEquals(p[2], q[2], "dV");
        // The softmax is one scalar method shared by both kernels (HeadKernel.softmax; see HeadKernelTest).
    }
}
