package org.batchgfn.gp;

/**
 * Where a maximisation ended: the parameters, the objective there, how many iterations and objective evaluations
 * it took, and why it stopped. Immutable (the parameter array is not exposed for writing by the optimisers).
 */
final class OptimizationResult {
    private final double[] parameters;
    private final double value;
    private final int iterations;
    private final int evaluations;
    private final StopReason reason;

    OptimizationResult(double[] parameters, double value, int iterations, int evaluations, StopReason reason) {
        this.parameters = parameters.clone();
        this.value = value;
        this.iterations = iterations;
        this.evaluations = evaluations;
        this.reason = reason;
    }

    /** @return a copy of the final parameters */
    double[] parameters() {
        return parameters.clone();
    }

    /** @return the objective at the final parameters (NaN if never evaluated there, as after Adam's last step) */
    double value() {
        return value;
    }

    /** @return iterations (L-BFGS) or epochs (Adam) run */
    int iterations() {
        return iterations;
    }

    /** @return objective evaluations (with gradient) made */
    int evaluations() {
        return evaluations;
    }

    /** @return why it stopped */
    StopReason reason() {
        return reason;
    }
}
