package org.batchgfn.gflownet;

import org.batchgfn.gflownet.policy.ParameterArrays;
import org.batchgfn.gflownet.train.AdamOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamOptimizerTest {

    /**
     * Closed form of the first Adam step: m = 0.1·g, v = 0.001·g² and the bias-corrected step size
     * {@code lr·√0.001/0.1}, so every entry moves by {@code −lr·g/(|g| + ε/√0.001)}: by almost exactly lr against
     * the sign of its gradient, whatever the gradient's scale (0 where the gradient is 0).
     */
    @Test
    void firstStepMovesEveryEntryByTheLearningRateAgainstItsGradient() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            INDArray p = ParameterArrays.create(new double[]{1.0, -2.0, 0.5, 3.0}, type, 2, 2);
            INDArray g = Nd4j.createFromArray(new double[][]{{0.3, -7.0}, {0.0, 1e-3}});
            new AdamOptimizer(0.01).update(Map.of("w", p), Map.of("w", g.castTo(type)));
            double e = 1e-8 / Math.sqrt(0.001);
            double[] expected = {1.0 - 0.01 * 0.3 / (0.3 + e), -2.0 + 0.01 * 7.0 / (7.0 + e), 0.5,
                3.0 - 0.01 * 1e-3 / (1e-3 + e)};
            assertArrayEquals(expected, ParameterArrays.read(p), type == DataType.FLOAT ? 1e-6 : 1e-12);
        }
    }

    /** Second step, by hand: m = 0.9·0.1·g₁ + 0.1·g₂ etc. for a gradient that changes sign. */
    @Test
    void secondStepFollowsTheMomentRecursions() {
        INDArray p = ParameterArrays.create(new double[]{0.0}, DataType.DOUBLE, 1, 1);
        AdamOptimizer adam = new AdamOptimizer(0.1);
        adam.update(Map.of("w", p), Map.of("w", Nd4j.createFromArray(new double[][]{{2.0}})));
        adam.update(Map.of("w", p), Map.of("w", Nd4j.createFromArray(new double[][]{{-1.0}})));
        double first = -0.1 * Math.sqrt(0.001) / 0.1 * (0.1 * 2.0) / (Math.sqrt(0.001 * 4.0) + 1e-8);
        double m = 0.9 * (0.1 * 2.0) + 0.1 * -1.0;
        double v = 0.999 * (0.001 * 4.0) + 0.001 * 1.0;
        double alpha = 0.1 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.9 * 0.9);
        double expected = first - alpha * m / (Math.sqrt(v) + 1e-8);
        assertEquals(expected, p.getDouble(0), 1e-12);
    }

    @Test
    void rejectsMissingOrMisshapenGradients() {
        INDArray p = ParameterArrays.create(new double[]{1, 2}, DataType.FLOAT, 1, 2);
        AdamOptimizer adam = new AdamOptimizer(0.1);
        assertThrows(IllegalArgumentException.class, () -> adam.update(Map.of("w", p), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> adam.update(Map.of("w", p), Map.of("w", Nd4j.createFromArray(new double[]{1, 2, 3}))));
        assertThrows(IllegalArgumentException.class, () -> new AdamOptimizer(0));
    }

    /** Bulk copies agree with ND4J's element accessors, for direct arrays and for a strided view. */
    @Test
    void parameterArraysRoundTrip() {
        INDArray f = ParameterArrays.create(new double[]{1.5, -2.25, 3.0, 4.0, 5.0, 6.0}, DataType.FLOAT, 2, 3);
        assertEquals(-2.25, f.getDouble(0, 1));
        assertEquals(6.0, f.getDouble(1, 2));
        INDArray base = Nd4j.createFromArray(new double[][]{{1, 2, 3}, {4, 5, 6}});
        INDArray column = base.getColumn(1).reshape(2, 1);
        assertArrayEquals(new double[]{2, 5}, ParameterArrays.read(base.getColumn(1)));
        ParameterArrays.write(base.getColumn(2), new double[]{-3, -6});
        assertArrayEquals(new double[]{1, 2, -3, 4, 5, -6}, ParameterArrays.read(base));
        assertEquals(2, column.length());
        assertThrows(IllegalArgumentException.class, () -> ParameterArrays.write(f, new double[]{1}));
    }
}
