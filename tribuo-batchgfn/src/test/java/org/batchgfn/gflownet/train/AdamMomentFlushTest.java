package org.batchgfn.gflownet.train;

import org.batchgfn.gflownet.policy.ParameterArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AdamOptimizer} flushes subnormal moments to 0 (see {@link org.batchgfn.gflownet.policy.FlushToZero}). */
class AdamMomentFlushTest {

    /**
     * One gradient of 1, then 1200 of 0: the first moment is {@code 0.1·0.9^k}, below {@link Float#MIN_NORMAL} from
     * k ≈ 816 on, so it must be exactly 0 at the end, where the plain float recursion (computed here) stops a few
     * units of the last place above 0; the second moment, {@code 0.001·0.999^k ≈ 3e−4}, is untouched.
     */
    @Test
    void aVanishedGradientsFirstMomentReachesZero() {
        float plain = 0.1f;
        for (int k = 0; k < 1200; k++) {
            plain = 0.9f * plain + 0.1f * 0f;
        }
        assertTrue(plain > 0f && plain < Float.MIN_NORMAL, "float recursion stops at " + plain);

        INDArray p = ParameterArrays.create(new double[]{0.5, -0.25}, DataType.FLOAT, 1, 2);
        AdamOptimizer adam = new AdamOptimizer(0.01);
        adam.update(Map.of("w", p), Map.of("w", ParameterArrays.create(new double[]{1, 2}, DataType.FLOAT, 1, 2)));
        INDArray zero = ParameterArrays.create(new double[]{0, 0}, DataType.FLOAT, 1, 2);
        for (int k = 0; k < 1200; k++) {
            adam.update(Map.of("w", p), Map.of("w", zero));
        }
        float[][] moments = adam.moments();
        assertEquals(0f, moments[0][0]);
        assertEquals(0f, moments[0][1]);
        assertEquals(0.001 * Math.pow(0.999, 1200), moments[1][0], 1e-4 * moments[1][0]);
        assertEquals(0.004 * Math.pow(0.999, 1200), moments[1][1], 1e-4 * moments[1][1]);
    }
}
