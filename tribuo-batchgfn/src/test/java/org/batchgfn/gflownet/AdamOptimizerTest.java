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
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Several arrays of different shapes (updated as one flat vector) over three steps: every entry follows the Adam
     * recursions computed here per entry, and the gradients are left as they were.
     */
    @Test
    void severalArraysFollowThePerEntryRecursions() {
        double[][] init = {{0.5, -1.0, 2.0, 0.0, 1.5, -0.5}, {3.0}, {-2.0, 0.25}};
        int[][] shape = {{2, 3}, {1, 1}, {2, 1}};
        double[][][] grads = {
                {{0.3, -0.2, 0.0, 1.0, -4.0, 0.01}, {2.0}, {-0.5, 0.5}},
                {{-0.1, 0.2, 0.3, -1.0, 4.0, 0.02}, {-1.0}, {0.5, 0.25}},
                {{0.05, 0.0, -0.3, 2.0, 1.0, -0.01}, {0.5}, {0.0, -1.0}}};
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        for (int a = 0; a < init.length; a++) {
            params.put("p" + a, ParameterArrays.create(init[a], DataType.DOUBLE, shape[a][0], shape[a][1]));
        }
        AdamOptimizer adam = new AdamOptimizer(0.05);
        double[][] expected = new double[init.length][];
        double[][] m = new double[init.length][];
        double[][] v = new double[init.length][];
        for (int a = 0; a < init.length; a++) {
            expected[a] = init[a].clone();
            m[a] = new double[init[a].length];
            v[a] = new double[init[a].length];
        }
        for (int t = 0; t < grads.length; t++) {
            Map<String, INDArray> g = new java.util.LinkedHashMap<>();
            for (int a = 0; a < init.length; a++) {
                g.put("p" + a, ParameterArrays.create(grads[t][a], DataType.DOUBLE, shape[a][0], shape[a][1]));
            }
            adam.update(params, g);
            double alpha = 0.05 * Math.sqrt(1 - Math.pow(0.999, t + 1)) / (1 - Math.pow(0.9, t + 1));
            for (int a = 0; a < init.length; a++) {
                for (int i = 0; i < init[a].length; i++) {
                    double gi = grads[t][a][i];
                    m[a][i] = 0.9 * m[a][i] + 0.1 * gi;
                    v[a][i] = 0.999 * v[a][i] + 0.001 * gi * gi;
                    expected[a][i] -= alpha * m[a][i] / (Math.sqrt(v[a][i]) + 1e-8);
                }
                assertArrayEquals(grads[t][a], ParameterArrays.read(g.get("p" + a)), 0.0, "gradient left as is");
            }
        }
        for (int a = 0; a < init.length; a++) {
            assertArrayEquals(expected[a], ParameterArrays.read(params.get("p" + a)), 1e-12, "array p" + a);
        }
        // the moments belong to these parameters: another set is refused
        INDArray other = ParameterArrays.create(new double[]{1, 2}, DataType.DOUBLE, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.update(Map.of("q", other), Map.of("q", other.dup())));
        assertTrue(e.getMessage().contains("belong to parameters"), e.getMessage());
    }

    /**
     * The kept ops give ND4J's own Adam bit for bit: {@link org.nd4j.linalg.learning.AdamUpdater#applyUpdater}
     * followed by {@code subi}, per array, over 30 steps of random gradients on two arrays, in float32 and in double.
     */
    @Test
    void matchesNd4jsOwnAdamUpdaterBitForBit() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
            long[][] shapes = {{3, 5}, {1, 4}};
            Map<String, INDArray> params = new java.util.LinkedHashMap<>();
            INDArray[] reference = new INDArray[shapes.length];
            org.nd4j.linalg.learning.GradientUpdater<?>[] nd4j =
                    new org.nd4j.linalg.learning.GradientUpdater<?>[shapes.length];
            for (int a = 0; a < shapes.length; a++) {
                INDArray p = Nd4j.rand(type, shapes[a]).subi(0.5);
                params.put("p" + a, p);
                reference[a] = p.dup();
                Map<String, INDArray> state = new java.util.HashMap<>();
                state.put("M", Nd4j.zeros(type, p.length()));
                state.put("V", Nd4j.zeros(type, p.length()));
                nd4j[a] = new org.nd4j.linalg.learning.config.Adam(0.02, 0.9, 0.999, 1e-8).instantiate(state, true);
            }
            AdamOptimizer adam = new AdamOptimizer(0.02);
            for (int t = 0; t < 30; t++) {
                Map<String, INDArray> grads = new java.util.LinkedHashMap<>();
                for (int a = 0; a < shapes.length; a++) {
                    INDArray g = Nd4j.create(type, shapes[a]);
                    for (long i = 0; i < g.length(); i++) {
                        g.putScalar(i, rng.nextGaussian() * Math.pow(10, rng.nextInt(-3, 3)));
                    }
                    grads.put("p" + a, g);
                    INDArray step = g.dup();
                    nd4j[a].applyUpdater(step, t, 0);
                    reference[a].subi(step);
                }
                adam.update(params, grads);
            }
            for (int a = 0; a < shapes.length; a++) {
                INDArray p = params.get("p" + a);
                for (long i = 0; i < p.length(); i++) {
                    assertEquals(Double.doubleToRawLongBits(reference[a].getDouble(i)),
                            Double.doubleToRawLongBits(p.getDouble(i)), type + " p" + a + " entry " + i);
                }
            }
        }
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
