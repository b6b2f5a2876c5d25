package org.batchgfn.gflownet;

import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.linalg.Cholesky;

import java.util.SplittableRandom;

/** Test fixture: an RBF-kernel GP posterior covariance over 1-D pool points, conditioned on a few seed inputs. */
public final class ToyPosterior {

    private ToyPosterior() {
    }

    /** @return {@code n} standard normal pool inputs */
    public static double[] inputs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            x[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return x;
    }

    /** @return the posterior covariance over {@code pool} given noisy observations at {@code seeds} */
    public static DenseCovariance covariance(double[] pool, double[] seeds, double lengthscale, double noise) {
        int n = pool.length;
        int m = seeds.length;
        double[][] kss = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                kss[i][j] = k(seeds[i], seeds[j], lengthscale) + (i == j ? noise : 0);
            }
        }
        double[][] v = new double[n][];
        Cholesky chol = m > 0 ? Cholesky.factorize(kss) : null;
        for (int i = 0; i < n; i++) {
            double[] kps = new double[m];
            for (int j = 0; j < m; j++) {
                kps[j] = k(pool[i], seeds[j], lengthscale);
            }
            v[i] = m > 0 ? chol.forwardSolve(kps) : kps;
        }
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double c = k(pool[i], pool[j], lengthscale);
                for (int t = 0; t < m; t++) {
                    c -= v[i][t] * v[j][t];
                }
                cov[i][j] = c;
                cov[j][i] = c;
            }
            cov[i][i] = Math.max(cov[i][i], 0);
        }
        return new DenseCovariance(cov);
    }

    private static double k(double a, double b, double l) {
        double d = (a - b) / l;
        return Math.exp(-0.5 * d * d);
    }

    /** @return the inputs as an n×1 feature matrix */
    public static double[][] column(double[] x) {
        double[][] out = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            out[i][0] = x[i];
        }
        return out;
    }
}
