package org.batchgfn.datasets;

/**
 * The noise-free target of the paper's toy 1-D regression task (BatchGFN paper, appendix A.1):
 * <pre>
 * f(x) = (-0.6667 - 0.6012 x - 1.0172 x^2 - 0.7687 x^3 + 1.4680 x^5 - 0.1678 x^6) sin(pi x) exp(-x^2 / 2)
 * </pre>
 * It is kept separate from the sampling code so that the function itself can be evaluated (and tested) on any
 * grid, e.g. to plot the truth behind a fitted model.
 */
public final class ToyRegressionFunction {

    /** Polynomial coefficients c_0 .. c_6 of the factor in front of {@code sin(pi x) exp(-x^2/2)}. */
    private static final double[] COEFFICIENTS = {-0.6667, -0.6012, -1.0172, -0.7687, 0.0, 1.4680, -0.1678};

    private ToyRegressionFunction() {
    }

    /**
     * Evaluates f at one point.
     *
     * @param x the input, any finite value
     * @return f(x)
     * @throws IllegalArgumentException if {@code x} is NaN or infinite
     */
    public static double value(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("toy regression input must be finite, got " + x);
        }
        // Horner's rule, highest degree first.
        double polynomial = 0.0;
        for (int k = COEFFICIENTS.length - 1; k >= 0; k--) {
            polynomial = polynomial * x + COEFFICIENTS[k];
        }
        return polynomial * Math.sin(Math.PI * x) * Math.exp(-0.5 * x * x);
    }
}
