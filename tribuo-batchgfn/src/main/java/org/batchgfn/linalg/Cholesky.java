package org.batchgfn.linalg;

import java.util.Arrays;

/**
 * Cholesky factorisation {@code A + jitter·I = L Lᵀ} of a symmetric positive (semi-)definite matrix in double
 * precision, with jitter escalation.
 * <p>
 * Kernel matrices are often numerically singular (duplicated or very close inputs, tiny noise). The factorisation
 * first tries {@code A} as given; if a pivot is not positive it retries with a diagonal jitter that starts at
 * {@code 1e-10·mean(diag A)} and grows tenfold per attempt up to {@code 1e-2·mean(diag A)}. If that still fails it
 * throws a {@link NotPositiveDefiniteException} naming the failing pivot, so the caller never receives a factor
 * full of NaNs.
 * <p>
 * Log-determinants are computed as {@code 2 Σ log Lᵢᵢ}, never as {@code log(det)}, which under/overflows.
 * Instances are immutable.
 */
public final class Cholesky {

    /** Relative jitter of the first escalation attempt. */
    public static final double INITIAL_RELATIVE_JITTER = 1e-10;
    /** Largest relative jitter tried before giving up. */
    public static final double MAX_RELATIVE_JITTER = 1e-2;

    private final double[][] lower;
    private final double jitter;

    private Cholesky(double[][] lower, double jitter) {
        this.lower = lower;
        this.jitter = jitter;
    }

    /**
     * Factorises a symmetric matrix, adding escalating jitter if needed. Only the lower triangle is read.
     *
     * @param a a square symmetric matrix; not modified
     * @return the factorisation
     * @throws IllegalArgumentException if {@code a} is not square or contains NaN/infinite entries
     * @throws NotPositiveDefiniteException if no jitter up to {@link #MAX_RELATIVE_JITTER} makes it factorisable
     */
    public static Cholesky factorize(double[][] a) {
        int n = a.length;
        double meanDiag = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("Cholesky needs a square matrix, row " + i + " has "
                        + a[i].length + " columns but there are " + n + " rows");
            }
            for (int j = 0; j <= i; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("Cholesky input has a non-finite entry " + a[i][j]
                            + " at (" + i + ", " + j + ")");
                }
            }
            meanDiag += a[i][i];
        }
        meanDiag = n == 0 ? 1.0 : Math.abs(meanDiag / n);
        if (meanDiag == 0) {
            meanDiag = 1.0;
        }
        double[][] l = new double[n][n];
        int failedPivot = tryFactor(a, 0.0, l);
        if (failedPivot < 0) {
            return new Cholesky(l, 0.0);
        }
        for (double rel = INITIAL_RELATIVE_JITTER; rel <= MAX_RELATIVE_JITTER * 1.0000001; rel *= 10) {
            double jitter = rel * meanDiag;
            failedPivot = tryFactor(a, jitter, l);
            if (failedPivot < 0) {
                return new Cholesky(l, jitter);
            }
        }
        throw new NotPositiveDefiniteException("matrix of size " + n + " is not positive definite: pivot "
                + failedPivot + " stayed non-positive even with diagonal jitter "
                + (MAX_RELATIVE_JITTER * meanDiag) + " (" + MAX_RELATIVE_JITTER
                + " x mean diagonal); check for NaN-free but degenerate inputs or a negative noise/outputscale");
    }

    /** Returns -1 on success, else the index of the failing pivot. Overwrites {@code l}. */
    private static int tryFactor(double[][] a, double jitter, double[][] l) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            Arrays.fill(l[i], 0.0);
        }
        for (int j = 0; j < n; j++) {
            double[] lj = l[j];
            double d = a[j][j] + jitter;
            for (int k = 0; k < j; k++) {
                d -= lj[k] * lj[k];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                return j;
            }
            double ljj = Math.sqrt(d);
            lj[j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double[] li = l[i];
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                li[j] = s / ljj;
            }
        }
        return -1;
    }

    /** @return the dimension of the factorised matrix */
    public int size() {
        return lower.length;
    }

    /** @return the diagonal jitter that was added (0 if none was needed) */
    public double jitter() {
        return jitter;
    }

    /** @return entry (i, j) of the lower-triangular factor L */
    public double factorEntry(int i, int j) {
        return lower[i][j];
    }

    /** @return a copy of the lower-triangular factor L */
    public double[][] lowerFactor() {
        double[][] copy = new double[lower.length][];
        for (int i = 0; i < lower.length; i++) {
            copy[i] = lower[i].clone();
        }
        return copy;
    }

    /** @return {@code log det(A + jitter·I) = 2 Σ log Lᵢᵢ} */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < lower.length; i++) {
            s += Math.log(lower[i][i]);
        }
        return 2 * s;
    }

    /**
     * Solves {@code L x = b} (forward substitution).
     *
     * @param b right-hand side, length {@link #size()}; not modified
     * @return {@code L⁻¹ b}
     */
    public double[] forwardSolve(double[] b) {
        checkLength(b);
        int n = lower.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double[] li = lower[i];
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= li[k] * x[k];
            }
            x[i] = s / li[i];
        }
        return x;
    }

    /**
     * Solves {@code Lᵀ x = b} (back substitution).
     *
     * @param b right-hand side, length {@link #size()}; not modified
     * @return {@code L⁻ᵀ b}
     */
    public double[] backwardSolve(double[] b) {
        checkLength(b);
        int n = lower.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= lower[k][i] * x[k];
            }
            x[i] = s / lower[i][i];
        }
        return x;
    }

    /**
     * Solves {@code A x = b}.
     *
     * @param b right-hand side, length {@link #size()}; not modified
     * @return {@code A⁻¹ b}
     */
    public double[] solve(double[] b) {
        return backwardSolve(forwardSolve(b));
    }

    /** @return {@code A⁻¹} as a dense symmetric matrix */
    public double[][] inverse() {
        int n = lower.length;
        double[][] inv = new double[n][];
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            Arrays.fill(e, 0.0);
            e[j] = 1.0;
            inv[j] = solve(e);
        }
        return inv;
    }

    private void checkLength(double[] b) {
        if (b.length != lower.length) {
            throw new IllegalArgumentException("right-hand side has length " + b.length + ", expected "
                    + lower.length);
        }
    }
}
