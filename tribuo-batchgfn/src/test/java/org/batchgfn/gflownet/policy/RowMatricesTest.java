package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dense products against a textbook triple loop, on odd shapes. */
class RowMatricesTest {

    private static double[][] random(int rows, int cols, SplittableRandom rng) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int j = 0; j < cols; j++) {
                r[j] = rng.nextDouble() * 2 - 1;
            }
        }
        return m;
    }

    private static double[][] naive(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                double s = 0;
                for (int k = 0; k < b.length; k++) {
                    s += a[i][k] * b[k][j];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length);
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual[i][j], 1e-12, "(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void productsAgreeWithTheDefinition() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] a = random(37, 11, rng);
        double[][] b = random(11, 5, rng);
        double[][] c = random(37, 5, rng);
        assertClose(naive(a, b), RowMatrices.multiply(a, b));
        assertClose(naive(RowMatrices.transpose(a), c), RowMatrices.multiplyTransposedLeft(a, c));
        assertClose(naive(c, RowMatrices.transpose(b)), RowMatrices.multiplyTransposedRight(c, b));
        double[][] z = {{-1, 2}, {0, -3}};
        assertClose(new double[][]{{0, 2}, {0, 0}}, RowMatrices.relu(z));
        assertEquals(-1.0, RowMatrices.columnSums(z)[1]);
        RowMatrices.addToRows(z, new double[]{1, 1});
        assertClose(new double[][]{{0, 3}, {1, -2}}, z);
    }
}
