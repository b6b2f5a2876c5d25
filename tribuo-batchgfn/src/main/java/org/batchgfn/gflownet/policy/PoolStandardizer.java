package org.batchgfn.gflownet.policy;

/**
 * Per-dimension standardisation of pool features, {@code (x − mean) / std} with the mean and standard deviation
 * of the pool itself, so that the policy network sees inputs of unit scale whatever the raw feature units.
 * A constant dimension (std 0) is only centred.
 */
public final class PoolStandardizer {

    private PoolStandardizer() {
    }

    /**
     * @param pool N rows of d finite features, N ≥ 1
     * @return a new standardised N×d matrix
     * @throws IllegalArgumentException for an empty pool, ragged rows or non-finite values
     */
    public static double[][] standardize(double[][] pool) {
        if (pool.length == 0) {
            throw new IllegalArgumentException("the pool is empty: nothing to standardise");
        }
        int d = pool[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("pool rows have no features");
        }
        double[] mean = new double[d];
        for (int i = 0; i < pool.length; i++) {
            if (pool[i].length != d) {
                throw new IllegalArgumentException("pool row " + i + " has " + pool[i].length + " features, row 0 has "
                        + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(pool[i][j])) {
                    throw new IllegalArgumentException("pool row " + i + ", feature " + j + " is " + pool[i][j]
                            + "; features must be finite");
                }
                mean[j] += pool[i][j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= pool.length;
        }
        double[] std = new double[d];
        for (double[] row : pool) {
            for (int j = 0; j < d; j++) {
                double c = row[j] - mean[j];
                std[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / pool.length);
            if (!(std[j] > 1e-12)) {
                std[j] = 1.0;
            }
        }
        double[][] out = new double[pool.length][d];
        for (int i = 0; i < pool.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = (pool[i][j] - mean[j]) / std[j];
            }
        }
        return out;
    }
}
