package org.batchgfn.gp;

/**
 * The softplus map {@code log(1 + eˣ)} that keeps positive GP hyperparameters positive while the optimiser works on
 * unconstrained raw values (as GPyTorch does), with its derivative, the logistic sigmoid. Numerically stable for
 * large |x|.
 */
final class Softplus {

    private Softplus() {
    }

    /** @return {@code log(1 + exp(x))} */
    static double value(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** @return {@code d softplus / dx = 1 / (1 + exp(−x))} */
    static double derivative(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
