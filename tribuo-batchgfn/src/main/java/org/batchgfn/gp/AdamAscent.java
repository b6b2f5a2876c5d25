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
        int p = start.length;
        double[] x = start.clone();
        double[] g = new double[p];
        double[] m = new double[p];
        double[] v = new double[p];
        double b1t = 1;
        double b2t = 1;
        for (int t = 0; t < steps; t++) {
            f.valueAndGradient(x, g);
            b1t *= BETA1;
            b2t *= BETA2;
            for (int i = 0; i < p; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                double mHat = m[i] / (1 - b1t);
                double vHat = v[i] / (1 - b2t);
                x[i] += learningRate * mHat / (Math.sqrt(vHat) + EPSILON);
            }
        }
        return x;
    }
}
