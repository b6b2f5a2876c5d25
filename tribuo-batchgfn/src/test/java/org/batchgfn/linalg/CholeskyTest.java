package org.batchgfn.linalg;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cholesky factorisation against independent truth: reconstruction {@code L Lᵀ = A}, the 2×2 closed form, the
 * determinant of a triangular-product construction, solves checked by multiplying back, and the jitter escalation
 * path on a singular and on an indefinite matrix.
 */
class CholeskyTest {

    private static double[][] randomSpd(int n, SplittableRandom rng) {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                g[i][j] = rng.nextDouble() * 2 - 1;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 0.5 : 0.0;
                for (int k = 0; k < n; k++) {
                    s += g[i][k] * g[j][k];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    @Test
    void twoByTwoMatchesClosedForm() {
        double a = 4, b = 2, c = 3;
        Cholesky ch = Cholesky.factorize(new double[][]{{a, b}, {b, c}});
        assertEquals(0.0, ch.jitter());
        assertEquals(Math.sqrt(a), ch.factorEntry(0, 0), 1e-15);
        assertEquals(b / Math.sqrt(a), ch.factorEntry(1, 0), 1e-15);
        assertEquals(Math.sqrt(c - b * b / a), ch.factorEntry(1, 1), 1e-15);
        assertEquals(0.0, ch.factorEntry(0, 1));
        assertEquals(Math.log(a * c - b * b), ch.logDeterminant(), 1e-14);
    }

    @Test
    void reconstructsRandomSpdMatricesAndSolvesLinearSystems() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n : new int[]{1, 3, 8, 25}) {
            double[][] a = randomSpd(n, rng);
            Cholesky ch = Cholesky.factorize(a);
            double[][] l = ch.lowerFactor();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += l[i][k] * l[j][k];
                    }
                    assertEquals(a[i][j], s, 1e-11, "L Lᵀ entry (" + i + "," + j + ") for n=" + n);
                }
            }
            double[] rhs = new double[n];
            for (int i = 0; i < n; i++) {
                rhs[i] = rng.nextDouble() - 0.5;
            }
            double[] x = ch.solve(rhs);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * x[k];
                }
                assertEquals(rhs[i], s, 1e-9, "A x = b row " + i + " for n=" + n);
            }
            double[][] inv = ch.inverse();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += a[i][k] * inv[k][j];
                    }
                    assertEquals(i == j ? 1.0 : 0.0, s, 1e-9);
                }
            }
        }
    }

    @Test
    void logDeterminantOfTriangularProductIsSumOfLogSquaredDiagonal() {
        // A = T Tᵀ with T lower triangular and a known diagonal: det A = Π T_ii².
        int n = 6;
        SplittableRandom rng = new SplittableRandom(5);
        double[][] t = new double[n][n];
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                t[i][j] = rng.nextDouble() - 0.5;
            }
            t[i][i] = 0.5 + i;
            expected += 2 * Math.log(t[i][i]);
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += t[i][k] * t[j][k];
                }
            }
        }
        assertEquals(expected, Cholesky.factorize(a).logDeterminant(), 1e-12);
    }

    @Test
    void singularPsdMatrixIsFactorisedWithSmallEscalatedJitter() {
        // rank one: v vᵀ with v = (1, 2, 3); exact Cholesky fails at pivot 1.
        double[] v = {1, 2, 3};
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = v[i] * v[j];
            }
        }
        Cholesky ch = Cholesky.factorize(a);
        double meanDiag = (1 + 4 + 9) / 3.0;
        assertTrue(ch.jitter() > 0, "a singular matrix needs jitter");
        assertTrue(ch.jitter() <= Cholesky.MAX_RELATIVE_JITTER * meanDiag * (1 + 1e-9));
        double[][] l = ch.lowerFactor();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += l[i][k] * l[j][k];
                }
                assertEquals(a[i][j] + (i == j ? ch.jitter() : 0), s, 1e-9);
            }
        }
    }

    @Test
    void indefiniteMatrixFailsWithClearError() {
        double[][] a = {{1, 0}, {0, -1}};
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factorize(a));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        assertTrue(e.getMessage().contains("pivot 1"), e.getMessage());
    }

    @Test
    void badInputsAreRejected() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Cholesky.factorize(new double[][]{{1, 0}, {Double.NaN, 1}}));
        assertTrue(nan.getMessage().contains("(1, 0)"), nan.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Cholesky.factorize(new double[][]{{1, 0}, {0}}));
        assertTrue(ragged.getMessage().contains("square"), ragged.getMessage());
        Cholesky ch = Cholesky.factorize(new double[][]{{2}});
        assertThrows(IllegalArgumentException.class, () -> ch.solve(new double[]{1, 2}));
    }
}
