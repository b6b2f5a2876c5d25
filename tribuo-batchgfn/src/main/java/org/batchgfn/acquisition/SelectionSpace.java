package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gp.PosteriorCovariance;

/**
 * The points a kernel-based rule works on and the selection kernel κ over them: the training points (if the mode
 * includes them) at indices {@code 0..M−1}, then the pool at {@code M..M+N−1}. Squared distances are
 * {@code d²(a, b) = κ(a, a) + κ(b, b) − 2κ(a, b)}, clamped at 0 against round-off and exactly 0 from a point to
 * itself.
 */
final class SelectionSpace {

    private final PosteriorCovariance kernel;
    private final int trainCount;
    private final int poolCount;

    private SelectionSpace(PosteriorCovariance kernel, int trainCount, int poolCount) {
        this.kernel = kernel;
        this.trainCount = trainCount;
        this.poolCount = poolCount;
    }

    /**
     * @param problem       the problem
     * @param kind          which kernel
     * @param withTraining  whether the training points come first
     * @return the space
     */
    static SelectionSpace of(AcquisitionProblem problem, SelectionKernel kind, boolean withTraining) {
        double[][] pool = problem.poolFeatures();
        double[][] train = withTraining ? problem.trainFeatures() : new double[0][];
        double[][] all = new double[train.length + pool.length][];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(pool, 0, all, train.length, pool.length);
        return new SelectionSpace(kind.over(problem, all), train.length, pool.length);
    }

    /** @return M, the training points in the space (0 in P mode) */
    int trainCount() {
        return trainCount;
    }

    /** @return N */
    int poolCount() {
        return poolCount;
    }

    /** @return M + N */
    int size() {
        return trainCount + poolCount;
    }

    /** @return κ over the space */
    PosteriorCovariance kernel() {
        return kernel;
    }

    /**
     * @param poolIndex a pool index
     * @return its index in the space
     */
    int spaceIndex(int poolIndex) {
        return trainCount + poolIndex;
    }

    /**
     * Squared distances from one point of the space to every pool point.
     *
     * @param from   index in the space
     * @param column scratch of length {@link #size()}
     * @param out    length N: {@code out[p] = d²(pool p, from)}
     */
    void squaredDistancesToPool(int from, double[] column, double[] out) {
        kernel.column(from, column);
        double kFrom = kernel.variance(from);
        for (int p = 0; p < poolCount; p++) {
            int s = trainCount + p;
            out[p] = s == from ? 0.0 : Math.max(0.0, kernel.variance(s) + kFrom - 2 * column[s]);
        }
    }
}
