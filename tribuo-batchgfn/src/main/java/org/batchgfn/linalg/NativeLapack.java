package org.batchgfn.linalg;

import org.bytedeco.openblas.global.openblas;

/**
 * The few double-precision LAPACK and BLAS level-3 routines the exact GP needs, called in the OpenBLAS build that
 * ND4J already ships (JavaCPP's {@code org.bytedeco:openblas} natives): Cholesky {@code dpotrf}, inverse from the
 * factor {@code dpotri} and the triangular solve {@code dtrsm}. Matrices are dense {@code double[]} in
 * <em>row-major</em> order; a row-major lower triangle is LAPACK's column-major upper triangle, so the calls below
 * use column-major LAPACK on the transposed view and never copy or transpose.
 * <p>
 * Why: the hand-written Java loops ran the O(n³) algebra at about 1 GFLOP/s, while OpenBLAS's blocked kernels
 * run an order of magnitude faster on the same cores. The natives are loaded on first use; if they cannot be
 * loaded (an unsupported platform), {@link #isAvailable()} is false and callers use their Java paths, so the
 * library still runs without any extra setup.
 */
public final class NativeLapack {

    private static final boolean AVAILABLE = load();

    private NativeLapack() {
    }

    private static boolean load() {
        try {
            // Loads the natives and checks a trivial call end to end.
            double[] one = {4.0};
            return openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', 1, one, 1) == 0 && one[0] == 2.0;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
            return false;
        }
    }

    /** @return true if the OpenBLAS natives were loaded and answered a test call */
    public static boolean isAvailable() {
        return AVAILABLE;
    }

    /**
     * In-place Cholesky factorisation {@code A = L Lᵀ} of a row-major n×n symmetric matrix whose lower triangle
     * is read; on success the lower triangle holds L (the strict upper triangle is left as it was).
     *
     * @param a row-major n×n, overwritten
     * @param n dimension
     * @return 0 on success, else the 0-based index of the first non-positive pivot
     */
    static int choleskyLower(double[] a, int n) {
        int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, a, n);
        if (info < 0) {
            throw new IllegalStateException("dpotrf rejected argument " + (-info));
        }
        return info == 0 ? -1 : info - 1;
    }

    /**
     * Overwrites the lower triangle of a row-major Cholesky factor L with the lower triangle of
     * {@code (L Lᵀ)⁻¹}, O(2n³/3).
     *
     * @param l row-major n×n with L in the lower triangle, overwritten
     * @param n dimension
     */
    static void inverseFromLower(double[] l, int n) {
        int info = openblas.LAPACKE_dpotri(openblas.LAPACK_COL_MAJOR, (byte) 'U', n, l, n);
        if (info != 0) {
            throw new IllegalStateException("dpotri failed with info " + info + " on a factor of size " + n);
        }
    }

    /**
     * Solves {@code X Lᵀ = B} for X in place: each row {@code b} of B becomes {@code L⁻¹ b}.
     *
     * @param l    row-major n×n, L in the lower triangle
     * @param n    dimension
     * @param b    row-major rows×n, overwritten by X
     * @param rows number of right-hand sides (rows of B)
     */
    static void solveRowsLower(double[] l, int n, double[] b, int rows) {
        openblas.cblas_dtrsm(openblas.CblasRowMajor, openblas.CblasRight, openblas.CblasLower,
                openblas.CblasTrans, openblas.CblasNonUnit, rows, n, 1.0, l, n, b, n);
    }
}
