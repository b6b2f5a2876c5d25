package org.batchgfn.linalg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LAPACK/BLAS path of {@link Cholesky} against the plain Java loops (the implementation used before the
 * native path existed, still the small-matrix path), on random SPD matrices: factor, log-determinant, solves,
 * many-right-hand-side solves and the inverse agree to 1e-10 relative; and against closed forms.
 */
class CholeskyBackendTest {

    /** A = QᵀQ / n + I·δ with Gaussian Q: SPD, condition number ~10³ for δ = 1e-3. */
    static double[][] randomSpd(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] q = new double[n][n];
        for (double[] row : q) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[k][i] * q[k][j];
                }
                a[i][j] = s / n;
                a[j][i] = s / n;
            }
            a[i][i] += 1e-3;
        }
        return a;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    private static void assertClose(double[] expected, double[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = Math.max(maxAbs(expected), Double.MIN_NORMAL);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, what + " entry " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 150, 301})
    void nativeAndJavaPathsAgree(int n) {
        assertTrue(NativeLapack.isAvailable(), "the OpenBLAS natives ship with the build and must load here");
        double[][] a = randomSpd(n, 100 + n);
        Cholesky j = Cholesky.factorize(a, Cholesky.Backend.JAVA);
        Cholesky c = Cholesky.factorize(a, Cholesky.Backend.NATIVE);
        assertFalse(j.isNative());
        assertTrue(c.isNative());
        assertEquals(0.0, c.jitter());
        double[] lj = new double[n * n];
        double[] lc = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < n; k++) {
                lj[r * n + k] = j.factorEntry(r, k);
                lc[r * n + k] = c.factorEntry(r, k);
            }
        }
        assertClose(lj, lc, 1e-10, "factor");
        for (int r = 0; r < n; r++) {
            for (int k = r + 1; k < n; k++) {
                assertEquals(0.0, c.factorEntry(r, k), "upper triangle of L is zero");
            }
        }
        assertEquals(j.logDeterminant(), c.logDeterminant(), 1e-10 * Math.max(1, Math.abs(j.logDeterminant())));
        SplittableRandom rng = new SplittableRandom(n);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
        }
        assertClose(j.solve(b), c.solve(b), 1e-10, "solve");
        int rows = 5;
        double[] many = new double[rows * n];
        for (int i = 0; i < many.length; i++) {
            many[i] = rng.nextGaussian();
        }
        double[] viaJava = many.clone();
        double[] viaNative = many.clone();
        j.forwardSolveRows(viaJava, rows);
        c.forwardSolveRows(viaNative, rows);
        assertClose(viaJava, viaNative, 1e-10, "forward solve of many rows");
        double[] row0 = new double[n];
        System.arraycopy(many, 0, row0, 0, n);
        double[] single = j.forwardSolve(row0);
        for (int i = 0; i < n; i++) {
            assertEquals(single[i], viaJava[i], 1e-12 * Math.max(1, maxAbs(single)), "rows = single solves");
        }
        double[] invJ = j.inverseLower();
        double[] invC = c.inverseLower();
        for (int r = 0; r < n; r++) {
            for (int k = r + 1; k < n; k++) {
                invJ[r * n + k] = 0; // only the lower triangle is defined
                invC[r * n + k] = 0;
            }
        }
        assertClose(invJ, invC, 1e-10, "inverse");
    }

    /** Independent truth: A·A⁻¹ = I and L·Lᵀ = A for the native path. */
    @Test
    void nativeFactorAndInverseReproduceTheMatrix() {
        int n = 120;
        double[][] a = randomSpd(n, 9);
        Cholesky c = Cholesky.factorize(a, Cholesky.Backend.NATIVE);
        double[][] inv = c.inverse();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double llt = 0;
                double ai = 0;
                for (int t = 0; t < n; t++) {
                    llt += c.factorEntry(i, t) * c.factorEntry(k, t);
                    ai += a[i][t] * inv[t][k];
                }
                assertEquals(a[i][k], llt, 1e-12);
                assertEquals(i == k ? 1.0 : 0.0, ai, 1e-9);
            }
        }
    }

    /** A rank-deficient Gram matrix needs jitter on both paths; a negative-definite one fails clearly. */
    @Test
    void jitterEscalationAndFailureOnTheNativePath() {
        int n = 80;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = Math.cos(0.01 * (i - j)) + Math.cos(0.01 * (i + j)); // rank 2 (sum of two rank-1 cos terms)
            }
        }
        Cholesky c = Cholesky.factorize(a, Cholesky.Backend.NATIVE);
        Cholesky j = Cholesky.factorize(a, Cholesky.Backend.JAVA);
        assertTrue(c.jitter() > 0 && j.jitter() > 0);
        double llt = 0;
        for (int t = 0; t < n; t++) {
            llt += c.factorEntry(n - 1, t) * c.factorEntry(n - 1, t);
        }
        assertEquals(a[n - 1][n - 1] + c.jitter(), llt, 1e-9, "L Lᵀ = A + jitter I");
        double[][] neg = new double[n][n];
        for (int i = 0; i < n; i++) {
            neg[i][i] = -1;
        }
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factorize(neg, Cholesky.Backend.NATIVE));
        assertTrue(e.getMessage().contains("pivot 0"), e.getMessage());
    }

    @Test
    void autoUsesTheNativePathFromTheThreshold() {
        assertFalse(Cholesky.factorize(randomSpd(Cholesky.NATIVE_THRESHOLD - 1, 1)).isNative());
        assertTrue(Cholesky.factorize(randomSpd(Cholesky.NATIVE_THRESHOLD, 1)).isNative());
    }
}
