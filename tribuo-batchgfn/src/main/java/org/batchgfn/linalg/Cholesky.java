package org.batchgfn.linalg;

import java.io.Serializable;
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
 * <p>
 * Two paths compute the same factor: for n ≥ {@link #NATIVE_THRESHOLD} the factorisation, the inverse and the
 * many-right-hand-side solves run in LAPACK/BLAS ({@link NativeLapack}, OpenBLAS, an order of magnitude faster
 * at the exact GP's sizes); below it, and wherever the natives cannot be loaded, the plain Java loops run
 * (a JNI call and its array copies cost more than a small factorisation). The factor is stored as one
 * row-major array either way. Instances are immutable.
 */
public final class Cholesky implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Relative jitter of the first escalation attempt. */
    public static final double INITIAL_RELATIVE_JITTER = 1e-10;
    /** Largest relative jitter tried before giving up. */
    public static final double MAX_RELATIVE_JITTER = 1e-2;
    /**
     * Smallest dimension factorised through LAPACK when the natives are available: the measured break-even of
     * the JNI calls (with their array copies and OpenBLAS's two threads) against the Java loops for a
     * factorisation plus inverse, on the shared 2-core machine: native/Java time 1.52 at n = 64, 1.27 at 96, 0.54
     * at 128, 0.26 at 256 (single-threaded OpenBLAS would win from n = 16, 0.40 at 96, but the thread count is
     * global and shared with ND4J).
     */
    public static final int NATIVE_THRESHOLD = 128;

    /** Which implementation factorises. */
    public enum Backend {
        /** LAPACK for n ≥ {@link #NATIVE_THRESHOLD} when the natives load, else Java. */
        AUTO,
        /** The plain Java loops, always. */
        JAVA,
        /** LAPACK/BLAS, whatever n. */
        NATIVE
    }

    private final int n;
    /** Row-major n×n; L in the lower triangle, zeros above. */
    private final double[] lower;
    private final double jitter;
    private final boolean nativePath;

    private Cholesky(int n, double[] lower, double jitter, boolean nativePath) {
        this.n = n;
        this.lower = lower;
        this.jitter = jitter;
        this.nativePath = nativePath;
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
        return factorize(a, Backend.AUTO);
    }

    /**
     * As {@link #factorize(double[][])} with a chosen implementation (tests compare the two).
     *
     * @param a       a square symmetric matrix; not modified
     * @param backend which implementation
     * @return the factorisation
     * @throws IllegalStateException if {@code NATIVE} is asked for and the natives are not available
     */
    public static Cholesky factorize(double[][] a, Backend backend) {
        int n = a.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("Cholesky needs a square matrix, row " + i + " has "
                        + a[i].length + " columns but there are " + n + " rows");
            }
            System.arraycopy(a[i], 0, flat, i * n, i + 1);
        }
        return factorizeLower(flat, n, backend);
    }

    /**
     * Factorises a row-major n×n symmetric matrix given as one array (only the lower triangle is read), the form
     * the exact GP builds its kernel matrices in.
     *
     * @param a       row-major n×n; not modified
     * @param n       dimension
     * @param backend which implementation
     * @return the factorisation
     * @throws IllegalArgumentException     if {@code a} does not have n² entries or has NaN/infinite entries
     * @throws NotPositiveDefiniteException if no jitter up to {@link #MAX_RELATIVE_JITTER} makes it factorisable
     */
    public static Cholesky factorizeLower(double[] a, int n, Backend backend) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("expected " + n + "x" + n + " = " + (n * n) + " entries, got "
                    + a.length);
        }
        boolean useNative = chooseNative(n, backend);
        double meanDiag = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                if (!Double.isFinite(a[i * n + j])) {
                    throw new IllegalArgumentException("Cholesky input has a non-finite entry " + a[i * n + j]
                            + " at (" + i + ", " + j + ")");
                }
            }
            meanDiag += a[i * n + i];
        }
        meanDiag = n == 0 ? 1.0 : Math.abs(meanDiag / n);
        if (meanDiag == 0) {
            meanDiag = 1.0;
        }
        double[] l = new double[n * n];
        int failedPivot = tryFactor(a, n, 0.0, l, useNative);
        if (failedPivot < 0) {
            return new Cholesky(n, l, 0.0, useNative);
        }
        for (double rel = INITIAL_RELATIVE_JITTER; rel <= MAX_RELATIVE_JITTER * 1.0000001; rel *= 10) {
            double jitter = rel * meanDiag;
            failedPivot = tryFactor(a, n, jitter, l, useNative);
            if (failedPivot < 0) {
                return new Cholesky(n, l, jitter, useNative);
            }
        }
        throw new NotPositiveDefiniteException("matrix of size " + n + " is not positive definite: pivot "
                + failedPivot + " stayed non-positive even with diagonal jitter "
                + (MAX_RELATIVE_JITTER * meanDiag) + " (" + MAX_RELATIVE_JITTER
                + " x mean diagonal); check for NaN-free but degenerate inputs or a negative noise/outputscale");
    }

    private static boolean chooseNative(int n, Backend backend) {
        switch (backend) {
            case JAVA:
                return false;
            case NATIVE:
                if (!NativeLapack.isAvailable()) {
                    throw new IllegalStateException("the LAPACK natives (OpenBLAS) could not be loaded here");
                }
                return true;
            default:
                return n >= NATIVE_THRESHOLD && NativeLapack.isAvailable();
        }
    }

    /** Returns -1 on success, else the index of the failing pivot. Overwrites {@code l} (lower part, zeros above). */
    private static int tryFactor(double[] a, int n, double jitter, double[] l, boolean useNative) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            System.arraycopy(a, row, l, row, i + 1);
            java.util.Arrays.fill(l, row + i + 1, row + n, 0.0);
            l[row + i] += jitter;
        }
        if (useNative) {
            int failed = NativeLapack.choleskyLower(l, n);
            if (failed < 0) {
                for (int i = 0; i < n; i++) {
                    if (!Double.isFinite(l[i * n + i])) {
                        return i;
                    }
                }
            }
            return failed;
        }
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = l[rj + j];
            for (int k = 0; k < j; k++) {
                d -= l[rj + k] * l[rj + k];
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                return j;
            }
            double ljj = Math.sqrt(d);
            l[rj + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = l[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= l[ri + k] * l[rj + k];
                }
                l[ri + j] = s / ljj;
            }
        }
        return -1;
    }

    /** @return the dimension of the factorised matrix */
    public int size() {
        return n;
    }

    /** @return the diagonal jitter that was added (0 if none was needed) */
    public double jitter() {
        return jitter;
    }

    /** @return true if this factor was computed (and is used) through LAPACK/BLAS */
    public boolean isNative() {
        return nativePath;
    }

    /** @return entry (i, j) of the lower-triangular factor L */
    public double factorEntry(int i, int j) {
        return lower[i * n + j];
    }

    /** @return a copy of the lower-triangular factor L */
    public double[][] lowerFactor() {
        double[][] copy = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(lower, i * n, copy[i], 0, i + 1);
        }
        return copy;
    }

    /** @return {@code log det(A + jitter·I) = 2 Σ log Lᵢᵢ} */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(lower[i * n + i]);
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
        double[] x = new double[n];
        forwardSolve(b, x);
        return x;
    }

    /**
     * Solves {@code L x = b} into a given array, without allocating.
     *
     * @param b   right-hand side, length {@link #size()}; not modified
     * @param out output, length {@link #size()}; may not alias {@code b}
     */
    public void forwardSolve(double[] b, double[] out) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= lower[ri + k] * out[k];
            }
            out[i] = s / lower[ri + i];
        }
    }

    /**
     * Solves {@code L vᵢ = bᵢ} for many right-hand sides at once, in place: row i of the row-major
     * {@code rows × n} array {@code b} becomes {@code L⁻¹ bᵢ}. On the native path this is one BLAS-3 triangular
     * solve ({@code dtrsm}), the bulk of a posterior variance over a large pool.
     *
     * @param b    row-major rows×n right-hand sides, overwritten
     * @param rows number of right-hand sides
     */
    public void forwardSolveRows(double[] b, int rows) {
        if (b.length < rows * n) {
            throw new IllegalArgumentException("need " + rows + "x" + n + " right-hand sides, got " + b.length
                    + " entries");
        }
        if (rows == 0 || n == 0) {
            return;
        }
        if (nativePath) {
            NativeLapack.solveRowsLower(lower, n, b, rows);
            return;
        }
        double[] rhs = new double[n];
        double[] x = new double[n];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(b, r * n, rhs, 0, n);
            forwardSolve(rhs, x);
            System.arraycopy(x, 0, b, r * n, n);
        }
    }

    /**
     * Solves {@code Lᵀ x = b} (back substitution).
     *
     * @param b right-hand side, length {@link #size()}; not modified
     * @return {@code L⁻ᵀ b}
     */
    public double[] backwardSolve(double[] b) {
        checkLength(b);
        double[] x = b.clone();
        for (int i = n - 1; i >= 0; i--) {
            double xi = x[i] / lower[i * n + i];
            x[i] = xi;
            int ri = i * n;
            for (int k = 0; k < i; k++) {
                x[k] -= lower[ri + k] * xi;
            }
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

    /**
     * The lower triangle of {@code A⁻¹} as a row-major n×n array (upper triangle zero): LAPACK {@code dpotri}
     * on the native path (2n³/3 flops), else {@code L⁻ᵀ L⁻¹} from the inverse factor in Java. Enough for
     * symmetric contractions such as the marginal-likelihood gradient's {@code tr(K⁻¹ ∂K/∂θ)}.
     *
     * @return a fresh array
     */
    public double[] inverseLower() {
        double[] inv = lower.clone();
        if (nativePath) {
            NativeLapack.inverseFromLower(inv, n);
            return inv;
        }
        // inv rows = L⁻¹ (lower), then accumulate (L⁻ᵀ L⁻¹)ᵢⱼ = Σ_k≥i (L⁻¹)ₖᵢ (L⁻¹)ₖⱼ for j ≤ i.
        double[] li = new double[n * n];
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int k = 0; k < i; k++) {
                double c = lower[ri + k];
                if (c == 0) {
                    continue;
                }
                int rk = k * n;
                for (int j = 0; j <= k; j++) {
                    li[ri + j] += c * li[rk + j];
                }
            }
            double d = 1.0 / lower[ri + i];
            for (int j = 0; j < i; j++) {
                li[ri + j] *= -d;
            }
            li[ri + i] = d;
        }
        java.util.Arrays.fill(inv, 0.0);
        for (int k = 0; k < n; k++) {
            int rk = k * n;
            for (int i = 0; i <= k; i++) {
                double a = li[rk + i];
                if (a == 0) {
                    continue;
                }
                int ri = i * n;
                for (int j = 0; j <= i; j++) {
                    inv[ri + j] += a * li[rk + j];
                }
            }
        }
        return inv;
    }

    /** @return {@code A⁻¹} as a dense symmetric matrix */
    public double[][] inverse() {
        double[] low = inverseLower();
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = low[i * n + j];
                inv[i][j] = v;
                inv[j][i] = v;
            }
        }
        return inv;
    }

    private void checkLength(double[] b) {
        if (b.length != n) {
            throw new IllegalArgumentException("right-hand side has length " + b.length + ", expected " + n);
        }
    }
}
