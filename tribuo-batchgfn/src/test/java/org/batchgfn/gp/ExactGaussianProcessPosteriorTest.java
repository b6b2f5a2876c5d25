package org.batchgfn.gp;

import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.gp.kernel.StationaryKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactGaussianProcessPosteriorTest {

    @Test
    void twoPointPosteriorMatchesHandDerivedClosedForm() {
        double noise = 0.1;
        double m = 0.5;
        double[][] x = {{0.0}, {1.0}};
        double[] y = {1.2, -0.4};
        ExactGaussianProcessPosterior post = ExactGaussianProcessPosterior.of(
                KernelType.RBF.create(new double[]{1.0}, 1.0), noise, m, x, y);
        double a = 1.0 + noise;
        double b = Math.exp(-0.5);
        double det = a * a - b * b;
        double[][] kInv = {{a / det, -b / det}, {-b / det, a / det}};
        double[][] test = {{0.3}, {-0.7}};
        double[] mean = post.mean(test);
        double[] var = post.latentVariance(test);
        PosteriorCovariance cov = post.covariance(test);
        double[][] ks = new double[2][2];
        for (int t = 0; t < 2; t++) {
            ks[t][0] = Math.exp(-0.5 * test[t][0] * test[t][0]);
            ks[t][1] = Math.exp(-0.5 * (test[t][0] - 1) * (test[t][0] - 1));
        }
        for (int t = 0; t < 2; t++) {
            double[] w = {kInv[0][0] * ks[t][0] + kInv[0][1] * ks[t][1], kInv[1][0] * ks[t][0] + kInv[1][1] * ks[t][1]};
            double expMean = m + w[0] * (y[0] - m) + w[1] * (y[1] - m);
            double expVar = 1.0 - (w[0] * ks[t][0] + w[1] * ks[t][1]);
            assertEquals(expMean, mean[t], 1e-12);
            assertEquals(expVar, var[t], 1e-12);
            assertEquals(expVar, cov.variance(t), 1e-12);
        }
        double[] w0 = {kInv[0][0] * ks[0][0] + kInv[0][1] * ks[0][1], kInv[1][0] * ks[0][0] + kInv[1][1] * ks[0][1]};
        double expCov = Math.exp(-0.5 * 1.0) - (w0[0] * ks[1][0] + w0[1] * ks[1][1]);
        assertEquals(expCov, cov.covariance(0, 1), 1e-12);
        assertEquals(expCov, cov.covariance(1, 0), 1e-12);
        assertEquals(noise, post.noiseVariance(), 0.0);
        // LML of the two observations: log N(y; m1, K)
        double r0 = y[0] - m;
        double r1 = y[1] - m;
        double quad = kInv[0][0] * r0 * r0 + 2 * kInv[0][1] * r0 * r1 + kInv[1][1] * r1 * r1;
        assertEquals(-0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI), post.logMarginalLikelihood(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void interpolatesTrainingPointsWithTinyNoiseAndVarianceIsNonNegative(KernelType type) {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 8;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextDouble(-2, 2);
            x[i][1] = rng.nextDouble(-2, 2);
            y[i] = Math.cos(x[i][0]) * x[i][1];
        }
        ExactGaussianProcessPosterior post = ExactGaussianProcessPosterior.of(
                type.create(new double[]{0.7, 0.9}, 1.3), 1e-8, 0.0, x, y);
        double[] mean = post.mean(x);
        double[] var = post.latentVariance(x);
        for (int i = 0; i < n; i++) {
            assertEquals(y[i], mean[i], 1e-4);
            assertTrue(var[i] >= 0 && var[i] < 1e-5, "variance at training point " + var[i]);
        }
        double[][] grid = new double[200][2];
        for (int i = 0; i < grid.length; i++) {
            grid[i][0] = rng.nextDouble(-4, 4);
            grid[i][1] = rng.nextDouble(-4, 4);
        }
        grid[0] = x[3].clone();
        PosteriorCovariance cov = post.covariance(grid);
        double[] lv = post.latentVariance(grid);
        for (int i = 0; i < grid.length; i++) {
            assertTrue(lv[i] >= 0 && lv[i] <= 1.3 + 1e-12);
            assertTrue(cov.variance(i) >= 0);
            assertEquals(lv[i], cov.variance(i), 1e-12);
        }
    }

    /** Posterior over test points from the dense textbook formula with an explicit K⁻¹ (Gauss-Jordan in the test). */
    private static double[][] directPosterior(StationaryKernel k, double noise, double m, double[][] x, double[] y,
                                              double[][] t, double[] meanOut) {
        int n = x.length;
        double[][] kk = k.matrix(x);
        for (int i = 0; i < n; i++) {
            kk[i][i] += noise;
        }
        double[][] inv = gaussJordanInverse(kk);
        double[][] ks = k.crossMatrix(t, x);
        double[][] cov = new double[t.length][t.length];
        for (int a = 0; a < t.length; a++) {
            double mu = m;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    mu += ks[a][i] * inv[i][j] * (y[j] - m);
                }
            }
            meanOut[a] = mu;
            for (int b = 0; b < t.length; b++) {
                double q = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        q += ks[a][i] * inv[i][j] * ks[b][j];
                    }
                }
                cov[a][b] = k.value(t[a], t[b]) - q;
            }
        }
        return cov;
    }

    private static double[][] gaussJordanInverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[p];
            m[p] = tmp;
            double piv = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] /= piv;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    @Test
    void conditionEqualsDirectPosteriorOnTheUnionWithSameHyperparameters() {
        StationaryKernel k = KernelType.MATERN52.create(new double[]{0.6}, 0.8);
        double noise = 0.05;
        double m = -0.2;
        double[][] x = {{-1.0}, {0.1}, {0.9}};
        double[] y = {0.3, -0.5, 1.1};
        double[][] xNew = {{0.4}, {-0.3}};
        double[] yNew = {0.2, 0.7};
        ExactGaussianProcessPosterior conditioned = ExactGaussianProcessPosterior.of(k, noise, m, x, y)
                .condition(xNew, yNew);
        assertEquals(5, conditioned.trainingSize());
        double[][] xAll = {{-1.0}, {0.1}, {0.9}, {0.4}, {-0.3}};
        double[] yAll = {0.3, -0.5, 1.1, 0.2, 0.7};
        double[][] t = {{-0.6}, {0.25}, {1.5}};
        double[] expMean = new double[3];
        double[][] expCov = directPosterior(k, noise, m, xAll, yAll, t, expMean);
        double[] mean = conditioned.mean(t);
        PosteriorCovariance cov = conditioned.covariance(t);
        double[] col = new double[3];
        for (int a = 0; a < 3; a++) {
            assertEquals(expMean[a], mean[a], 1e-10);
            cov.column(a, col);
            for (int b = 0; b < 3; b++) {
                assertEquals(expCov[a][b], cov.covariance(a, b), 1e-10);
                assertEquals(expCov[b][a], col[b], 1e-10);
            }
        }
    }

    @Test
    void sampleMomentsMatchMeanAndCovariance() {
        StationaryKernel k = KernelType.MATERN32.create(new double[]{0.8}, 1.5);
        double noise = 0.2;
        ExactGaussianProcessPosterior post = ExactGaussianProcessPosterior.of(k, noise, 0.3,
                new double[][]{{-1.0}, {0.5}}, new double[]{0.0, 1.0});
        double[][] t = {{-0.5}, {0.0}, {1.2}};
        double[] mu = post.mean(t);
        PosteriorCovariance cov = post.covariance(t);
        int draws = 40000;
        for (boolean withNoise : new boolean[]{false, true}) {
            double[][] s = post.sample(t, withNoise, draws, new SplittableRandom(withNoise ? 2 : 1));
            assertEquals(draws, s.length);
            for (int a = 0; a < 3; a++) {
                double ma = 0;
                for (double[] row : s) {
                    ma += row[a];
                }
                ma /= draws;
                double va = cov.variance(a) + (withNoise ? noise : 0);
                assertEquals(mu[a], ma, 5 * Math.sqrt(va / draws));
                for (int b = 0; b <= a; b++) {
                    double mb = 0;
                    for (double[] row : s) {
                        mb += row[b];
                    }
                    mb /= draws;
                    double c = 0;
                    for (double[] row : s) {
                        c += (row[a] - ma) * (row[b] - mb);
                    }
                    c /= draws - 1;
                    double vb = cov.variance(b) + (withNoise ? noise : 0);
                    double expected = cov.covariance(a, b) + (withNoise && a == b ? noise : 0);
                    double se = Math.sqrt((va * vb + expected * expected) / draws);
                    assertEquals(expected, c, 5 * se, "cov(" + a + "," + b + ") noise=" + withNoise);
                }
            }
        }
    }

    @Test
    void badInputsGiveSpecificErrors() {
        StationaryKernel k = KernelType.MATERN52.create(new double[]{1.0, 1.0}, 1.0);
        double[][] x = {{0.0, 0.0}, {1.0, 1.0}};
        double[] y = {0.0, 1.0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactGaussianProcessPosterior.of(k, 0.1, 0.0, new double[][]{{0.0}}, new double[]{0.0}));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ExactGaussianProcessPosterior.of(k, 0.1, 0.0, x, new double[]{0.0}));
        assertTrue(e.getMessage().contains("one target per input"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ExactGaussianProcessPosterior.of(k, 0.1, 0.0, x, new double[]{0.0, Double.NaN}));
        assertTrue(e.getMessage().contains("target 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ExactGaussianProcessPosterior.of(k, 0.0, 0.0, x, y));
        assertTrue(e.getMessage().contains("noise variance"), e.getMessage());
        ExactGaussianProcessPosterior post = ExactGaussianProcessPosterior.of(k, 0.1, 0.0, x, y);
        e = assertThrows(IllegalArgumentException.class,
                () -> post.mean(new double[][]{{0.0, Double.POSITIVE_INFINITY}}));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> post.covariance(new double[][]{{0.0}}));
        assertThrows(IllegalArgumentException.class, () -> post.latentVariance(new double[][]{{0.0, 1.0, 2.0}}));
        e = assertThrows(IllegalArgumentException.class,
                () -> post.sample(x, true, -1, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("samples"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> post.condition(new double[][]{{Double.NaN, 0.0}}, new double[]{1.0}));
        assertThrows(IllegalArgumentException.class, () -> post.condition(x, new double[]{1.0}));
    }
}
