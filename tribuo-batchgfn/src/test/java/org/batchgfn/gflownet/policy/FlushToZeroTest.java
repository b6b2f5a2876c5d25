package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FlushToZero} at the edges of the normal range, and what it lets through. */
class FlushToZeroTest {

    @Test
    void floatsBelowTheNormalRangeBecomeZero() {
        float min = Float.MIN_NORMAL;
        assertEquals(min, FlushToZero.flush(min));
        assertEquals(-min, FlushToZero.flush(-min));
        assertEquals(0f, FlushToZero.flush(Math.nextDown(min)));
        assertEquals(0f, FlushToZero.flush(-Math.nextDown(min)));
        assertEquals(0f, FlushToZero.flush(Float.MIN_VALUE));
        assertEquals(1.5f, FlushToZero.flush(1.5f));
        assertEquals(Float.POSITIVE_INFINITY, FlushToZero.flush(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(FlushToZero.flush(Float.NaN)), "NaN must pass through, so that errors stay visible");
    }

    @Test
    void doublesRoundToNormalFloatsOrZero() {
        double min = Float.MIN_NORMAL;
        assertEquals(Float.MIN_NORMAL, FlushToZero.toFloat(min));
        assertEquals(0f, FlushToZero.toFloat(Math.nextDown(min))); // (float) would round it up to MIN_NORMAL
        assertEquals(0f, FlushToZero.toFloat(-1e-40));
        assertEquals(0f, FlushToZero.toFloat(1e-300));
        assertEquals((float) 0.1, FlushToZero.toFloat(0.1));
        assertEquals((float) -3e-38, FlushToZero.toFloat(-3e-38));
        assertEquals(Float.NEGATIVE_INFINITY, FlushToZero.toFloat(Double.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FlushToZero.toFloat(Double.NaN)));
        // Every double at or above MIN_NORMAL rounds to a normal float, down to the smallest such double.
        double d = min;
        for (int i = 0; i < 1000; i++) {
            float f = FlushToZero.toFloat(d);
            assertTrue(f >= Float.MIN_NORMAL, "toFloat(" + d + ") = " + f);
            d = Math.nextUp(d);
        }
    }
}
