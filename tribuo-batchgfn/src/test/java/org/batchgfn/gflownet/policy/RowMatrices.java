package org.batchgfn.gflownet.policy;

/**
 * Dense products on {@code double[rows][cols]} matrices for the policy network's hand-derived passes. Every inner
 * loop runs over a contiguous row with one index, which is the form the JIT's auto-vectoriser handles (a flat array
 * with computed row offsets defeats its alias analysis and runs several times slower).
 */
final class RowMatrices {

    private RowMatrices() {
    }

    /** @return {@code a·b} for a (n×k), b (k×m) */
    static double[][] multiply(double[][] a, double[][] b) {
        int m = b[0].length;
        double[][] c = new double[a.length][m];
        for (int i = 0; i < a.length; i++) {
            double[] ai = a[i];
            double[] ci = c[i];
            for (int k = 0; k < ai.length; k++) {
                double aik = ai[k];
                double[] bk = b[k];
                for (int j = 0; j < m; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    /** @return {@code aᵀ·b} for a (n×p), b (n×q): p×q */
    static double[][] multiplyTransposedLeft(double[][] a, double[][] b) {
        int p = a[0].length;
        int q = b[0].length;
        double[][] c = new double[p][q];
        for (int i = 0; i < a.length; i++) {
            double[] ai = a[i];
            double[] bi = b[i];
            for (int k = 0; k < p; k++) {
                double aik = ai[k];
                double[] ck = c[k];
                for (int j = 0; j < q; j++) {
                    ck[j] += aik * bi[j];
                }
            }
        }
        return c;
    }

    /** @return {@code a·bᵀ} for a (n×p), b (q×p): n×q */
    static double[][] multiplyTransposedRight(double[][] a, double[][] b) {
        return multiply(a, transpose(b));
    }

    /** @return the transpose */
    static double[][] transpose(double[][] a) {
        int cols = a[0].length;
        double[][] t = new double[cols][a.length];
        for (int r = 0; r < a.length; r++) {
            double[] ar = a[r];
            for (int c = 0; c < cols; c++) {
                t[c][r] = ar[c];
            }
        }
        return t;
    }

    /** Adds {@code row} to every row of {@code m}, in place. */
    static void addToRows(double[][] m, double[] row) {
        for (double[] mr : m) {
            for (int c = 0; c < row.length; c++) {
                mr[c] += row[c];
            }
        }
    }

    /** @return a new matrix {@code max(0, z)} */
    static double[][] relu(double[][] z) {
        double[][] out = new double[z.length][];
        for (int r = 0; r < z.length; r++) {
            double[] zr = z[r];
            double[] o = new double[zr.length];
            for (int c = 0; c < zr.length; c++) {
                o[c] = Math.max(0.0, zr[c]);
            }
            out[r] = o;
        }
        return out;
    }

    /** @return the column sums */
    static double[] columnSums(double[][] m) {
        double[] out = new double[m[0].length];
        for (double[] mr : m) {
            for (int c = 0; c < out.length; c++) {
                out[c] += mr[c];
            }
        }
        return out;
    }
}
