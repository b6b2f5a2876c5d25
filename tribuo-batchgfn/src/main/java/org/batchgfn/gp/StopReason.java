package org.batchgfn.gp;

/**
 * Why a hyperparameter fit stopped; recorded in the model provenance ({@code gp-fit-stop-reason}).
 */
public enum StopReason {
    /** L-BFGS: the largest gradient component of the log marginal likelihood fell below the tolerance. */
    GRADIENT_TOLERANCE,
    /** L-BFGS: the relative change of the log marginal likelihood over one iteration fell below the tolerance. */
    RELATIVE_CHANGE,
    /** L-BFGS: the iteration cap was reached before a convergence test passed. */
    MAX_ITERATIONS,
    /** L-BFGS: no step along the search direction or along steepest ascent increased the likelihood. */
    LINE_SEARCH_FAILED,
    /** Adam: the fixed number of epochs ran (Adam has no convergence test, as in the paper's recipe). */
    EPOCHS_COMPLETED
}
