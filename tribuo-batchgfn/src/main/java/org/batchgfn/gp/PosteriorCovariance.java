package org.batchgfn.gp;

/**
 * The joint posterior covariance {@code Σ(i, j)} of the latent function over a fixed, indexed set of points
 * (typically the unlabelled pool), given the training data.
 * <p>
 * Implementations may be lazy: the GP computes {@code Σ(i, j) = k(xᵢ, xⱼ) − vᵢ·vⱼ} from precomputed
 * {@code vᵢ = L⁻¹ k(X, xᵢ)} instead of materialising an N×N matrix, so that a column costs O(N·M).
 * Batch rewards and acquisition strategies consume only this interface. Implementations are immutable and
 * thread-safe.
 */
public interface PosteriorCovariance {

    /** @return the number of points N */
    int size();

    /**
     * @param i point index in {@code [0, size())}
     * @return the posterior variance {@code Σ(i, i) ≥ 0}
     */
    double variance(int i);

    /**
     * @param i point index
     * @param j point index
     * @return the posterior covariance {@code Σ(i, j)}
     */
    double covariance(int i, int j);

    /**
     * Writes column {@code j}: {@code out[k] = Σ(k, j)} for every {@code k}.
     *
     * @param j   point index
     * @param out array of length {@link #size()}
     */
    default void column(int j, double[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k] = covariance(k, j);
        }
    }

    /**
     * Writes the covariance of every point of this set with point {@code j} of another set over the same posterior:
     * {@code out[k] = Σ(k, other_j)}. This is what a block of a split pool needs when a point held elsewhere is
     * chosen. {@code crossColumn(this, j, out)} is {@link #column}; other sets need an implementation that knows
     * how its points relate (the exact GP's lazy covariance does), so the default refuses them.
     *
     * @param other a covariance over other points of the same posterior (or this one)
     * @param j     point index in {@code other}
     * @param out   array of length {@link #size()}
     * @throws UnsupportedOperationException if {@code other} is another set and this implementation cannot relate
     *                                       them
     */
    default void crossColumn(PosteriorCovariance other, int j, double[] out) {
        if (other != this) {
            throw new UnsupportedOperationException(getClass().getSimpleName()
                    + " cannot compute covariances with the points of another " + other.getClass().getSimpleName());
        }
        column(j, out);
    }

    /**
     * @param indices point indices (may repeat)
     * @return the dense sub-matrix {@code Σ(indices, indices)}
     */
    default double[][] submatrix(int[] indices) {
        int b = indices.length;
        double[][] m = new double[b][b];
        for (int r = 0; r < b; r++) {
            for (int c = 0; c <= r; c++) {
                double v = covariance(indices[r], indices[c]);
                m[r][c] = v;
                m[c][r] = v;
            }
        }
        return m;
    }
}
