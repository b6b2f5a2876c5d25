package org.batchgfn.gflownet.policy;

/**
 * Per-dimension standardisation of pool features, {@code (x − mean) / scale} with the mean and standard deviation
 * of the pool itself, so that the policy network sees inputs of unit scale whatever the raw feature units.
 * A constant dimension (std 0) is only centred (scale 1).
 * <p>
 * {@link #fit} keeps the constants so that they can travel with an exported policy (the ONNX exporter bakes them into
 * the graph); {@link #standardize} is the one-shot form. Immutable.
 */
public final class PoolStandardizer {

    private final double[] mean;
    private final double[] scale;

    private PoolStandardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * Computes the constants of a pool.
     *
     * @param pool N rows of d finite features, N ≥ 1
     * @return the standardiser of this pool
     * @throws IllegalArgumentException for an empty pool, ragged rows or non-finite values
     */
    public static PoolStandardizer fit(double[][] pool) {
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
        return new PoolStandardizer(mean, std);
    }

    /**
     * Rebuilds a standardiser from its constants (as read back from a file).
     *
     * @param mean  per-dimension means, finite
     * @param scale per-dimension scales, finite and &gt; 0
     * @return the standardiser
     * @throws IllegalArgumentException if the arrays are empty, differ in length or hold an invalid value
     */
    public static PoolStandardizer of(double[] mean, double[] scale) {
        if (mean.length == 0 || mean.length != scale.length) {
            throw new IllegalArgumentException("standardiser needs as many means as scales, at least one; got "
                    + mean.length + " and " + scale.length);
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j]) || !(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("standardiser dimension " + j + ": mean " + mean[j] + ", scale "
                        + scale[j] + "; means must be finite and scales finite and > 0");
            }
        }
        return new PoolStandardizer(mean.clone(), scale.clone());
    }

    /**
     * @param pool N rows of d finite features, N ≥ 1
     * @return a new standardised N×d matrix, with the pool's own constants
     * @throws IllegalArgumentException for an empty pool, ragged rows or non-finite values
     */
    public static double[][] standardize(double[][] pool) {
        return fit(pool).apply(pool);
    }

    /**
     * @param rows rows of d features
     * @return a new matrix {@code (x − mean) / scale}
     * @throws IllegalArgumentException if a row's width differs from d
     */
    public double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][mean.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != mean.length) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, expected "
                        + mean.length);
            }
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = (rows[i][j] - mean[j]) / scale[j];
            }
        }
        return out;
    }

    /** @return d */
    public int dimension() {
        return mean.length;
    }

    /** @return a copy of the per-dimension means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the per-dimension scales (standard deviations, 1 for constant dimensions) */
    public double[] scale() {
        return scale.clone();
    }
}
