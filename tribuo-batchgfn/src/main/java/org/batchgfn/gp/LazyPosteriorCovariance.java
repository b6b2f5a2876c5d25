package org.batchgfn.gp;

import org.batchgfn.gp.kernel.StationaryKernel;

/**
 * The exact GP posterior covariance over a fixed point set, computed on demand:
 * {@code Σ(i, j) = c · (k(xᵢ, xⱼ) − vᵢ·vⱼ)} with precomputed {@code vᵢ = L⁻¹ k(X, xᵢ)} (working units) and
 * {@code c} the squared target scale that brings it to raw units. O(N·M) memory, O(M + d) per entry, O(N·(M + d))
 * per column; variances are precomputed and clamped at 0 against round-off. Immutable.
 */
final class LazyPosteriorCovariance implements PosteriorCovariance {

    private final StationaryKernel kernel;
    private final double[][] x;
    private final double[][] v;
    private final double scale;
    private final double[] variances;

    /**
     * @param kernel working-unit kernel
     * @param x      working-unit points (owned)
     * @param v      {@code vᵢ = L⁻¹ k(X, xᵢ)} per point (owned)
     * @param scale  factor to raw units
     */
    LazyPosteriorCovariance(StationaryKernel kernel, double[][] x, double[][] v, double scale) {
        this.kernel = kernel;
        this.x = x;
        this.v = v;
        this.scale = scale;
        this.variances = new double[x.length];
        double s = kernel.outputscale();
        for (int i = 0; i < x.length; i++) {
            variances[i] = scale * Math.max(0.0, s - dot(v[i], v[i]));
        }
    }

    @Override
    public int size() {
        return x.length;
    }

    @Override
    public double variance(int i) {
        return variances[i];
    }

    @Override
    public double covariance(int i, int j) {
        if (i == j) {
            return variances[i];
        }
        return scale * (kernel.value(x[i], x[j]) - dot(v[i], v[j]));
    }

    @Override
    public void column(int j, double[] out) {
        if (out.length != x.length) {
            throw new IllegalArgumentException("column output has length " + out.length + ", expected " + x.length);
        }
        double[] xj = x[j];
        double[] vj = v[j];
        for (int k = 0; k < x.length; k++) {
            out[k] = k == j ? variances[j] : scale * (kernel.value(x[k], xj) - dot(v[k], vj));
        }
    }

    /**
     * {@inheritDoc} For another lazy covariance of the same posterior (same kernel and units, as made by one
     * {@link ExactGaussianProcessPosterior#covariance} on different points),
     * {@code out[k] = c · (k(xₖ, x'ⱼ) − vₖ·v'ⱼ)} with the same arithmetic as {@link #column}, so a point's covariances
     * are the same bit for bit whichever set holds it (a point's own variance excepted: {@link #column} returns the
     * clamped precomputed one).
     */
    @Override
    public void crossColumn(PosteriorCovariance other, int j, double[] out) {
        if (other == this) {
            column(j, out);
            return;
        }
        if (!(other instanceof LazyPosteriorCovariance o) || o.scale != scale
                || o.kernel.inputDimension() != kernel.inputDimension() || o.v[j].length != v[0].length) {
            throw new IllegalArgumentException("cross covariances need two covariances of the same GP posterior");
        }
        if (out.length != x.length) {
            throw new IllegalArgumentException("column output has length " + out.length + ", expected " + x.length);
        }
        double[] xj = o.x[j];
        double[] vj = o.v[j];
        for (int k = 0; k < x.length; k++) {
            out[k] = scale * (kernel.value(x[k], xj) - dot(v[k], vj));
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
