package org.batchgfn.gp;

import java.io.Serializable;

/**
 * Affine maps between raw and working units: per-input-dimension {@code (x − mean)/std} and
 * {@code (y − mean)/std} for targets, with constants estimated once on the training data (population standard
 * deviation; a zero or undefined deviation is replaced by 1). Disabled parts are the identity. The constants are
 * kept fixed afterwards, also when the posterior is conditioned on new points. Immutable.
 */
final class Standardization implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] inputShift;
    private final double[] inputScale;
    private final double targetShift;
    private final double targetScale;

    private Standardization(double[] inputShift, double[] inputScale, double targetShift, double targetScale) {
        this.inputShift = inputShift;
        this.inputScale = inputScale;
        this.targetShift = targetShift;
        this.targetScale = targetScale;
    }

    /**
     * Rebuilds a standardisation from its constants (as read back from a serialised model).
     *
     * @throws IllegalArgumentException if the arrays differ in length or a constant is invalid
     */
    static Standardization of(double[] inputShift, double[] inputScale, double targetShift, double targetScale) {
        if (inputShift.length != inputScale.length) {
            throw new IllegalArgumentException("standardisation has " + inputShift.length + " input shifts but "
                    + inputScale.length + " scales");
        }
        for (int k = 0; k < inputShift.length; k++) {
            checkConstant("input " + k, inputShift[k], inputScale[k]);
        }
        checkConstant("target", targetShift, targetScale);
        return new Standardization(inputShift.clone(), inputScale.clone(), targetShift, targetScale);
    }

    private static void checkConstant(String what, double shift, double scale) {
        if (!Double.isFinite(shift) || !(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("standardisation of " + what + ": shift " + shift + ", scale " + scale
                    + "; the shift must be finite and the scale finite and > 0");
        }
    }

    /** @return a copy of the per-input shifts */
    double[] inputShift() {
        return inputShift.clone();
    }

    /** @return a copy of the per-input scales */
    double[] inputScale() {
        return inputScale.clone();
    }

    /** @return the identity map for d-dimensional inputs */
    static Standardization identity(int d) {
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1.0);
        return new Standardization(new double[d], ones, 0.0, 1.0);
    }

    /**
     * Estimates the constants on training data.
     *
     * @param x       raw inputs, n ≥ 1 rows of length d
     * @param y       raw targets
     * @param inputs  whether to standardise inputs
     * @param targets whether to standardise targets
     * @return the standardisation
     */
    static Standardization fit(double[][] x, double[] y, int d, boolean inputs, boolean targets) {
        Standardization id = identity(d);
        double[] shift = id.inputShift;
        double[] scale = id.inputScale;
        int n = x.length;
        if (inputs && n > 0) {
            for (int k = 0; k < d; k++) {
                double m = 0;
                for (double[] row : x) {
                    m += row[k];
                }
                m /= n;
                double v = 0;
                for (double[] row : x) {
                    v += (row[k] - m) * (row[k] - m);
                }
                double s = Math.sqrt(v / n);
                shift[k] = m;
                scale[k] = s > 0 && Double.isFinite(s) ? s : 1.0;
            }
        }
        double tShift = 0;
        double tScale = 1;
        if (targets && y.length > 0) {
            double m = 0;
            for (double v : y) {
                m += v;
            }
            m /= y.length;
            double v = 0;
            for (double t : y) {
                v += (t - m) * (t - m);
            }
            double s = Math.sqrt(v / y.length);
            tShift = m;
            tScale = s > 0 && Double.isFinite(s) ? s : 1.0;
        }
        return new Standardization(shift, scale, tShift, tScale);
    }

    /** @return the input dimension */
    int inputDimension() {
        return inputShift.length;
    }

    /** @return working-unit copies of raw input rows */
    double[][] inputs(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = input(raw[i]);
        }
        return out;
    }

    /** @return a working-unit copy of one raw input row */
    double[] input(double[] raw) {
        double[] out = new double[raw.length];
        for (int k = 0; k < raw.length; k++) {
            out[k] = (raw[k] - inputShift[k]) / inputScale[k];
        }
        return out;
    }

    /** @return working-unit targets */
    double[] targets(double[] raw) {
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (raw[i] - targetShift) / targetScale;
        }
        return out;
    }

    /** @return the raw target value of a working-unit location (mean) */
    double rawTarget(double working) {
        return targetShift + targetScale * working;
    }

    /** @return the target scale: raw = shift + scale · working */
    double targetScale() {
        return targetScale;
    }

    /** @return the target shift */
    double targetShift() {
        return targetShift;
    }
}
