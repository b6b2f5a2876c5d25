package org.batchgfn.gp;

/**
 * A {@link PosteriorCovariance} backed by an explicit symmetric matrix: for small pools, exhaustive references
 * and tests with hand-made or random covariance matrices.
 */
public final class DenseCovariance implements PosteriorCovariance {

    private final double[][] matrix;

    /**
     * @param matrix a square symmetric matrix with non-negative diagonal; copied
     * @throws IllegalArgumentException if it is not square, not symmetric, has NaN/inf or a negative variance
     */
    public DenseCovariance(double[][] matrix) {
        int n = matrix.length;
        this.matrix = new double[n][];
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new IllegalArgumentException("covariance matrix must be square: row " + i + " has "
                        + matrix[i].length + " entries, expected " + n);
            }
            this.matrix[i] = matrix[i].clone();
        }
        for (int i = 0; i < n; i++) {
            if (!(this.matrix[i][i] >= 0) || !Double.isFinite(this.matrix[i][i])) {
                throw new IllegalArgumentException("variance at " + i + " must be finite and >= 0, got "
                        + this.matrix[i][i]);
            }
            for (int j = 0; j < i; j++) {
                double a = this.matrix[i][j];
                double b = this.matrix[j][i];
                if (!Double.isFinite(a) || Math.abs(a - b) > 1e-9 * (1 + Math.abs(a))) {
                    throw new IllegalArgumentException("covariance matrix must be finite and symmetric: ("
                            + i + "," + j + ")=" + a + " but (" + j + "," + i + ")=" + b);
                }
            }
        }
    }

    @Override
    public int size() {
        return matrix.length;
    }

    @Override
    public double variance(int i) {
        return matrix[i][i];
    }

    @Override
    public double covariance(int i, int j) {
        return matrix[i][j];
    }
}
