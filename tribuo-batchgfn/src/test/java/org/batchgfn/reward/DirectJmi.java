package org.batchgfn.reward;

import java.util.SplittableRandom;

/**
 * Independent reference computations for reward tests: random PSD covariance matrices and the JMI by a
 * log-determinant from Gaussian elimination with partial pivoting (no Cholesky, no incremental updates).
 */
public final class DirectJmi {

    private DirectJmi() {
    }

    /**
     * @param n    size
     * @param rank columns of the random factor A (n×rank), so the matrix is A·Aᵀ/rank (singular if rank < n)
     * @param rng  random source
     * @return a random symmetric PSD matrix
     */
    public static double[][] randomPsd(int n, int rank, SplittableRandom rng) {
        double[][] a = new double[n][rank];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rank; k++) {
                a[i][k] = gaussian(rng);
            }
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < rank; k++) {
                    v += a[i][k] * a[j][k];
                }
                s[i][j] = v / rank;
            }
        }
        return s;
    }

    /** @return a standard normal draw (Box-Muller) */
    public static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * @param m square matrix; not modified
     * @return {@code log |det m|} by Gaussian elimination with partial pivoting
     */
    public static double logAbsDet(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        double log = 0;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[p];
            a[p] = a[c];
            a[c] = t;
            double pivot = a[c][c];
            log += Math.log(Math.abs(pivot));
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / pivot;
                for (int k = c; k < n; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        return log;
    }

    /**
     * @param sigma         full covariance
     * @param noiseVariance σ²
     * @param batch         indices
     * @return {@code ½ log det(I + σ⁻² Σ_B)}
     */
    public static double jmi(double[][] sigma, double noiseVariance, int[] batch) {
        int b = batch.length;
        double[][] m = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                m[i][j] = sigma[batch[i]][batch[j]] / noiseVariance + (i == j ? 1.0 : 0.0);
            }
        }
        return 0.5 * logAbsDet(m);
    }
}
