package org.batchgfn.gp.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StationaryKernelTest {

    /** Closed-form profiles written from the textbook definitions, evaluated at scaled distance r. */
    private static double closedForm(KernelType type, double r) {
        switch (type) {
            case MATERN12:
                return Math.exp(-r);
            case MATERN32:
                return (1 + Math.sqrt(3) * r) * Math.exp(-Math.sqrt(3) * r);
            case MATERN52:
                return (1 + Math.sqrt(5) * r + 5 * r * r / 3) * Math.exp(-Math.sqrt(5) * r);
            default:
                return Math.exp(-0.5 * r * r);
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void valuesMatchClosedFormWithArdScaling(KernelType type) {
        StationaryKernel k = type.create(new double[]{0.5, 2.0}, 1.7);
        double[] a = {0.3, -1.0};
        double[] b = {-0.1, 0.6};
        double r = Math.sqrt(Math.pow(0.4 / 0.5, 2) + Math.pow(1.6 / 2.0, 2));
        assertEquals(1.7 * closedForm(type, r), k.value(a, b), 1e-14);
        assertEquals(1.7, k.value(a, a), 1e-15);
        assertEquals(k.value(a, b), k.value(b, a), 0.0);
        assertEquals(type, k.type());
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void gradientMatricesMatchCentralDifferences(KernelType type) {
        double[] ls = {0.7, 1.3};
        double s = 0.9;
        double[][] x = randomPoints(5, 2, 11);
        StationaryKernel k = type.create(ls, s);
        double[][][] g = k.gradientMatrices(x);
        double h = 1e-6;
        for (int p = 0; p <= 2; p++) {
            double[] lsPlus = ls.clone();
            double[] lsMinus = ls.clone();
            double sPlus = s;
            double sMinus = s;
            if (p < 2) {
                lsPlus[p] += h;
                lsMinus[p] -= h;
            } else {
                sPlus += h;
                sMinus -= h;
            }
            double[][] kp = type.create(lsPlus, sPlus).matrix(x);
            double[][] km = type.create(lsMinus, sMinus).matrix(x);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < x.length; j++) {
                    double fd = (kp[i][j] - km[i][j]) / (2 * h);
                    assertEquals(fd, g[p][i][j], 1e-7 * (1 + Math.abs(fd)), "param " + p + " entry " + i + "," + j);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void gradientTracesEqualContractionOfGradientMatrices(KernelType type) {
        double[][] x = randomPoints(6, 3, 5);
        StationaryKernel k = type.create(new double[]{0.8, 1.1, 0.5}, 1.4);
        double[][] w = new double[6][6];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j <= i; j++) {
                w[i][j] = rng.nextDouble(-1, 1);
                w[j][i] = w[i][j];
            }
        }
        double[][][] g = k.gradientMatrices(x);
        double[] traces = new double[4];
        k.gradientTraces(x, w, traces);
        for (int p = 0; p < 4; p++) {
            double expected = 0;
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    expected += w[i][j] * g[p][i][j];
                }
            }
            assertEquals(expected, traces[p], 1e-12 * (1 + Math.abs(expected)));
        }
    }

    @Test
    void matrixIsSymmetricWithOutputscaleDiagonalAndMatchesCrossMatrix() {
        double[][] x = randomPoints(4, 2, 9);
        StationaryKernel k = KernelType.MATERN32.create(new double[]{1.0, 0.4}, 2.5);
        double[][] m = k.matrix(x);
        double[][] c = k.crossMatrix(x, x);
        for (int i = 0; i < 4; i++) {
            assertEquals(2.5, m[i][i], 0.0);
            for (int j = 0; j < 4; j++) {
                assertEquals(m[j][i], m[i][j], 0.0);
                assertEquals(c[i][j], m[i][j], 1e-15);
                assertTrue(Math.abs(m[i][j]) <= 2.5);
            }
        }
    }

    @Test
    void invalidHyperparametersAndDimensionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> KernelType.RBF.create(new double[0], 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelType.RBF.create(new double[]{1.0, -2.0}, 1.0));
        assertTrue(e.getMessage().contains("lengthscale 1"));
        assertThrows(IllegalArgumentException.class, () -> KernelType.RBF.create(new double[]{Double.NaN}, 1.0));
        e = assertThrows(IllegalArgumentException.class, () -> KernelType.RBF.create(new double[]{1.0}, 0.0));
        assertTrue(e.getMessage().contains("outputscale"));
        StationaryKernel k = KernelType.MATERN52.create(new double[]{1.0, 1.0}, 1.0);
        e = assertThrows(IllegalArgumentException.class, () -> k.value(new double[]{1.0}, new double[]{1.0, 2.0}));
        assertTrue(e.getMessage().contains("dimension 1"));
        assertThrows(IllegalArgumentException.class, () -> k.matrix(new double[][]{{1.0, 2.0}, {3.0}}));
        assertThrows(IllegalArgumentException.class, () -> k.gradientTraces(new double[1][2], new double[1][1],
                new double[2]));
    }

    static double[][] randomPoints(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextDouble(-1.5, 1.5);
            }
        }
        return x;
    }
}
