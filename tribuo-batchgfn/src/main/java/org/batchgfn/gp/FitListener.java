package org.batchgfn.gp;

/**
 * Receives the progress of a hyperparameter fit, once per optimiser iteration (an L-BFGS iteration or an Adam
 * epoch), on the training thread; for progress bars on long fits. Implementations must be quick.
 */
@FunctionalInterface
public interface FitListener {

    /** A listener that ignores everything. */
    FitListener NONE = (start, starts, iteration, maxIterations, lml) -> { };

    /**
     * Called after each iteration.
     *
     * @param start                 0-based index of the current starting point (0, then the random restarts)
     * @param starts                number of starting points in all (1 + restarts)
     * @param iteration             iterations done from this start, ≥ 1
     * @param maxIterations         the iteration cap (L-BFGS) or the number of epochs (Adam)
     * @param logMarginalLikelihood the log marginal likelihood (working units) at the current iterate
     */
    void iteration(int start, int starts, int iteration, int maxIterations, double logMarginalLikelihood);
}
