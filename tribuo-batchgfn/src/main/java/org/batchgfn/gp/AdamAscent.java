package org.batchgfn.gp;

/**
 * Adam (Kingma and Ba 2014) run as gradient <em>ascent</em> for a fixed number of steps, with the standard
 * β₁ = 0.9, β₂ = 0.999, ε = 1e-8: what GPyTorch users run to fit GP hyperparameters. No allocation per step
 * beyond what the objective does.
 */
final class AdamAscent {

    /** An objective with its gradient. */
    interface Objective {
        /**
         * @param params current parameters; not modified
         * @param grad   output for the gradient, same length
         * @return the objective value
         */
        double valueAndGradient(double[] params, double[] grad);
    }

    /** Told the objective value after each iteration, for progress reports. */
    interface IterationObserver {
        /** An observer that ignores everything. */
        IterationObserver NONE = (iteration, value) -> { };

        /**
         * @param iteration iterations done, ≥ 1
         * @param value     the objective at the iterate the iteration started from (Adam) or ended at (L-BFGS)
         */
        void iteration(int iteration, double value);
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private AdamAscent() {
    }

    /**
     * @param f            objective to maximise
     * @param start        starting parameters; not modified
     * @param learningRate step size
     * @param steps        number of steps (0 returns the start)
     * @return the parameters after the last step
     */
    static double[] maximize(Objective f, double[] start, double learningRate, int steps) {
        return maximize(f, start, learningRate, steps, IterationObserver.NONE).parameters();
    }

    /**
     * @param f            objective to maximise
     * @param start        starting parameters; not modified
     * @param learningRate step size
     * @param steps        number of steps (0 returns the start)
     * @param observer     told the objective before each step
     * @return the parameters after the last step ({@code value()} is NaN: Adam does not evaluate there), stop
     * reason {@link StopReason#EPOCHS_COMPLETED}
     */
    static OptimizationResult maximize(Objective f, double[] start, double learningRate, int steps,
                                       IterationObserver observer) {
        int p = start.length;
        double[] x = start.clone();
        double[] g = new double[p];
        double[] m = new double[p];
        double[] v = new double[p];
        double b1t = 1;
        double b2t = 1;
        for (int t = 0; t < steps; t++) {
            double value = f.valueAndGradient(x, g);
            b1t *= BETA1;
            b2t *= BETA2;
            for (int i = 0; i < p; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                double mHat = m[i] / (1 - b1t);
                double vHat = v[i] / (1 - b2t);
                x[i] += learningRate * mHat / (Math.sqrt(vHat) + EPSILON);
            }
            observer.iteration(t + 1, value);
        }
        return new OptimizationResult(x, Double.NaN, steps, steps, StopReason.EPOCHS_COMPLETED);
    }
}
