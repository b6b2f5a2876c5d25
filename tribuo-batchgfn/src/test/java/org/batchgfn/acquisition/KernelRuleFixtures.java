package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.kernel.RbfKernel;
import org.batchgfn.gp.kernel.StationaryKernel;

import java.util.SplittableRandom;

/**
 * Test fixtures for the kernel-based rules: a problem with an exact GP on explicit points (no standardisation, so
 * raw units are the kernel's), and the prior and posterior covariance over training ∪ pool recomputed from scratch
 * with a plain Gauss-Jordan solve, independently of the library's Cholesky and lazy covariance.
 */
final class KernelRuleFixtures {

    final double[][] train;
    final double[][] pool;
    final double[] trainY;
    final StationaryKernel kernel;
    final double noise;
    final AcquisitionProblem problem;

    KernelRuleFixtures(double[][] train, double[][] pool, StationaryKernel kernel, double noise) {
        this.train = train;
        this.pool = pool;
        this.kernel = kernel;
        this.noise = noise;
        this.trainY = new double[train.length];
        for (int i = 0; i < train.length; i++) {
            trainY[i] = Math.sin(train[i][0]);
        }
        this.problem = AcquisitionProblem.of(pool, train, trainY,
                ExactGaussianProcessPosterior.of(kernel, noise, 0.0, train, trainY));
    }

    /** Random points in [−2, 2]^d. */
    static KernelRuleFixtures random(int m, int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] t = new double[m][d];
        double[][] p = new double[n][d];
        for (double[][] a : new double[][][]{t, p}) {
            for (double[] row : a) {
                for (int k = 0; k < d; k++) {
                    row[k] = -2 + 4 * rng.nextDouble();
                }
            }
        }
        double[] ls = new double[d];
        java.util.Arrays.fill(ls, 0.8);
        return new KernelRuleFixtures(t, p, new RbfKernel(ls, 1.3), 0.05);
    }

    /** Points of training ∪ pool, training first. */
    double[][] all() {
        double[][] a = new double[train.length + pool.length][];
        System.arraycopy(train, 0, a, 0, train.length);
        System.arraycopy(pool, 0, a, train.length, pool.length);
        return a;
    }

    /** The prior kernel over {@link #all()}. */
    double[][] priorOverAll() {
        double[][] a = all();
        double[][] k = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                k[i][j] = kernel.value(a[i], a[j]);
            }
        }
        return k;
    }

    /** The posterior covariance over {@link #all()} given the training data, from scratch. */
    double[][] posteriorOverAll() {
        int[] obs = new int[train.length];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = i;
        }
        return conditioned(priorOverAll(), obs, noise);
    }

    /**
     * @param c     a covariance
     * @param obs   indices observed with noise
     * @param sigma2 noise variance
     * @return {@code C − C(:, A) (C(A, A) + σ² I)⁻¹ C(A, :)}
     */
    static double[][] conditioned(double[][] c, int[] obs, double sigma2) {
        int n = c.length;
        int a = obs.length;
        if (a == 0) {
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                out[i] = c[i].clone();
            }
            return out;
        }
        double[][] kaa = new double[a][a];
        double[][] kan = new double[a][n];
        for (int r = 0; r < a; r++) {
            for (int s = 0; s < a; s++) {
                kaa[r][s] = c[obs[r]][obs[s]] + (r == s ? sigma2 : 0);
            }
            kan[r] = c[obs[r]].clone();
        }
        double[][] x = solve(kaa, kan);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = c[i][j];
                for (int r = 0; r < a; r++) {
                    s -= c[i][obs[r]] * x[r][j];
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    /** Gauss-Jordan with partial pivoting: A⁻¹ B. */
    static double[][] solve(double[][] a0, double[][] b0) {
        int n = a0.length;
        int m = b0[0].length;
        double[][] a = new double[n][];
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
            b[i] = b0[i].clone();
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            t = b[col];
            b[col] = b[piv];
            b[piv] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k < n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                    for (int k = 0; k < m; k++) {
                        b[r][k] -= f * b[col][k];
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < m; k++) {
                b[r][k] /= a[r][r];
            }
        }
        return b;
    }

    /** d²(i, j) over a covariance. */
    static double[][] squaredDistances(double[][] c) {
        int n = c.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = i == j ? 0 : Math.max(0, c[i][i] + c[j][j] - 2 * c[i][j]);
            }
        }
        return d;
    }

    /** 1-D points. */
    static double[][] column(double... x) {
        double[][] out = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            out[i][0] = x[i];
        }
        return out;
    }
}
