package org.batchgfn.datasets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToyRegressionFunctionTest {

    @Test
    void vanishesWhereSinPiXVanishes() {
        assertEquals(0.0, ToyRegressionFunction.value(0.0), 0.0);
        // sin(pi k) is zero for integer k; Math.sin(Math.PI * k) is only ~1e-16 off, times a modest polynomial.
        for (int k = -3; k <= 3; k++) {
            assertEquals(0.0, ToyRegressionFunction.value(k), 1e-13, "x = " + k);
        }
    }

    @Test
    void matchesHandComputedValuesWhereSinIsPlusMinusOne() {
        // p(0.5)  = -0.6667 - 0.3006 - 0.2543 - 0.0960875 + 0.045875 - 0.002621875 = -1.274434375, sin = +1
        assertEquals(-1.274434375 * Math.exp(-0.125), ToyRegressionFunction.value(0.5), 1e-12);
        // p(-0.5) = -0.6667 + 0.3006 - 0.2543 + 0.0960875 - 0.045875 - 0.002621875 = -0.572509375, sin = -1
        assertEquals(0.572809375 * Math.exp(-0.125), ToyRegressionFunction.value(-0.5), 1e-12);
        // p(1.5)  = -0.6667 - 0.9018 - 2.2887 - 2.5943625 + 11.147625 - 1.911346875 = 2.784715625, sin = -1
        assertEquals(-2.784715625 * Math.exp(-1.125), ToyRegressionFunction.value(1.5), 1e-12);
    }

    @Test
    void matchesTermByTermFormulaOnAGrid() {
        for (double x = -4.0; x <= 4.0; x += 0.37) {
            double p = -0.6667 - 0.6012 * x - 1.0172 * x * x - 0.7687 * x * x * x
                    + 1.4680 * Math.pow(x, 5) - 0.1678 * Math.pow(x, 6);
            double expected = p * Math.sin(Math.PI * x) * Math.exp(-0.5 * x * x);
            assertEquals(expected, ToyRegressionFunction.value(x), 1e-12 * (1 + Math.abs(expected)), "x = " + x);
        }
    }

    @Test
    void rejectsNonFiniteInput() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ToyRegressionFunction.value(bad));
            assertTrue(e.getMessage().contains("finite"), e.getMessage());
        }
    }
}
