package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gp.PosteriorCovariance;

/**
 * The kernel κ a kernel-based batch strategy (MaxDist, KMeans++, LCMD, BAIT) measures similarity with; distances
 * are {@code d²(x, y) = κ(x, x) + κ(y, y) − 2κ(x, y)}. Both are the fitted GP's, in raw target units.
 */
public enum SelectionKernel {
    /** The GP's prior kernel k with its fitted hyperparameters (ignores the labelled points). */
    PRIOR,
    /** The GP's posterior covariance Σ given the labelled points (what the JMI uses). */
    POSTERIOR;

    /**
     * @param problem the acquisition problem whose GP supplies the kernel
     * @param points  the points, raw features
     * @return κ over {@code points}, indexed like them
     * @throws IllegalArgumentException if the problem has no GP posterior
     */
    PosteriorCovariance over(AcquisitionProblem problem, double[][] points) {
        if (problem.posterior() == null) {
            throw new IllegalArgumentException("the " + this + " selection kernel needs the GP posterior of the "
                    + "acquisition problem, which has none");
        }
        return this == PRIOR ? problem.posterior().priorCovariance(points) : problem.posterior().covariance(points);
    }
}
