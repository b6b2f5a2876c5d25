package org.batchgfn.gp;

import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.gp.kernel.StationaryKernel;
import org.batchgfn.linalg.Cholesky;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exact GP's algebra on the LAPACK/BLAS path against the Java path and against independent truths: the log
 * marginal likelihood and its gradient (native vs Java to 1e-10 relative, and vs central finite differences), and
 * the blocked posterior means and variances vs the closed form {@code k(x,x) − k(x,X) K⁻¹ k(X,x)} per point.
 */
class NativeAlgebraAgreementTest {

    private static double[][] points(int n, int d, SplittableRandom rng) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void likelihoodAndGradientAgreeAcrossPathsAndWithFiniteDifferences(KernelType type) {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 140;
        int d = 3;
        double[][] x = points(n, d, rng);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(x[i][0] + 0.5 * x[i][1]) + 0.1 * rng.nextGaussian();
        }
        ExactMarginalLikelihood java = new ExactMarginalLikelihood(type, x, y, Cholesky.Backend.JAVA);
        ExactMarginalLikelihood lapack = new ExactMarginalLikelihood(type, x, y, Cholesky.Backend.NATIVE);
        double[] raw = {0.3, -0.2, 0.8, 0.1, -2.0, 0.2};
        double[] gj = new double[raw.length];
        double[] gn = new double[raw.length];
        double vj = java.valueAndGradient(raw, gj);
        double vn = lapack.valueAndGradient(raw, gn);
        assertEquals(vj, vn, 1e-10 * Math.abs(vj));
        double gScale = 0;
        for (double g : gj) {
            gScale = Math.max(gScale, Math.abs(g));
        }
        for (int p = 0; p < raw.length; p++) {
            assertEquals(gj[p], gn[p], 1e-10 * gScale, "gradient " + p);
            double h = 1e-5;
            double[] up = raw.clone();
            double[] down = raw.clone();
            up[p] += h;
            down[p] -= h;
            double fd = (lapack.value(up) - lapack.value(down)) / (2 * h);
            assertEquals(fd, gn[p], 1e-5 * Math.max(1, Math.abs(fd)), "finite difference " + p);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelType.class, names = {"MATERN52", "RBF"})
    void blockedPosteriorMomentsMatchThePerPointClosedForm(KernelType type) {
        SplittableRandom rng = new SplittableRandom(8);
        int m = 90;
        int d = 2;
        double[][] x = points(m, d, rng);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            y[i] = Math.cos(x[i][0]) * x[i][1] + 0.05 * rng.nextGaussian();
        }
        StationaryKernel k = type.create(new double[]{0.7, 1.3}, 1.4);
        double noise = 0.02;
        double mean = 0.1;
        ExactGaussianProcessPosterior post = ExactGaussianProcessPosterior.of(k, noise, mean, x, y);
        double[][] kxx = k.matrix(x);
        for (int i = 0; i < m; i++) {
            kxx[i][i] += noise;
        }
        double[][] inv = Cholesky.factorize(kxx, Cholesky.Backend.JAVA).inverse();
        double[][] pool = points(257, d, rng);
        double[][] moments = post.meansAndLatentVariances(pool);
        double[] means = post.mean(pool);
        double[] vars = post.latentVariance(pool);
        PosteriorCovariance cov = post.covariance(pool);
        for (int p = 0; p < pool.length; p++) {
            double[] kx = new double[m];
            for (int j = 0; j < m; j++) {
                kx[j] = k.value(pool[p], x[j]);
            }
            double mu = mean;
            double q = 0;
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += inv[i][j] * kx[j];
                }
                q += kx[i] * s;
                double r = 0;
                for (int j = 0; j < m; j++) {
                    r += inv[i][j] * (y[j] - mean);
                }
                mu += kx[i] * r;
            }
            double var = Math.max(0, k.outputscale() - q);
            assertEquals(mu, moments[0][p], 1e-9);
            assertEquals(var, moments[1][p], 1e-9);
            assertEquals(mu, means[p], 1e-9);
            assertEquals(var, vars[p], 1e-9);
            assertEquals(var, cov.variance(p), 1e-9);
        }
    }
}
