package org.batchgfn.gp;

/**
 * How {@link GaussianProcessTrainer} maximises the log marginal likelihood over the softplus-parametrised
 * hyperparameters.
 */
public enum HyperparameterOptimizer {
    /**
     * Limited-memory BFGS with a Moré–Thuente (strong Wolfe) line search and convergence tests on the gradient
     * and on the relative change of the likelihood, capped at a number of iterations: typically tens of
     * likelihood evaluations, the default (what scikit-learn's L-BFGS-B fit does).
     */
    LBFGS,
    /** Adam for a fixed number of epochs at a fixed learning rate (the BatchGFN paper's recipe, lr 0.1, 1000). */
    ADAM
}
