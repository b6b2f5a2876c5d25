package org.batchgfn.gflownet.policy;

import java.util.SplittableRandom;

/**
 * Random Fourier input features of the policy's encoders (Tancik et al. 2020, "Fourier features let networks learn
 * high frequency functions in low dimensional domains"): a standardised point {@code z} (d values) enters the first
 * encoder layer as
 * <pre>
 *   γ(z) = [sin(2π z W), cos(2π z W)]      (2m values),   W (d×m) with entries ~ N(0, scale²/d)
 * </pre>
 * instead of {@code z} itself. A ReLU network on a low-dimensional input is biased towards functions that vary
 * slowly in it; the JMI's marginal gains are not such a function: the posterior variance has a narrow bump between
 * two training points, and a pool point in it gains far more than its neighbours. With raw inputs the policy
 * interpolates linearly across such a bump (on the transfer task's pool of 50 it never learned to pick the one
 * point every top set contains, JSD stuck at 0.43; with these features it fits to 0.003). W is fixed, not trained,
 * and drawn from a fixed seed, so the same {@code (count, scale)} and d give the same features in every network,
 * in copies across pools, in snapshots and in the exported ONNX graph. The variance is divided by d so that the
 * projection {@code z·w} of a standardised point has standard deviation about {@code scale} whatever d: the
 * features then vary on the same scale relative to the data in 1 or 20 dimensions ({@code γ(z)·γ(z')/m} estimates
 * the Gaussian kernel {@code exp(−2π² scale² |z − z'|² / d)}).
 * <p>
 * {@link #NONE} (count 0) passes {@code z} through unchanged: the paper's architecture.
 *
 * @param count m, the number of frequencies (the encoder input has 2m values); 0 for none
 * @param scale the standard deviation of the projected frequency {@code z·w}, in cycles per standard deviation of
 *              the input; finite and {@code > 0} (ignored when {@code count = 0})
 */
public record FourierFeatures(int count, double scale) {

    /** No Fourier features: the encoders see the standardised inputs (the paper). */
    public static final FourierFeatures NONE = new FourierFeatures(0, 1.0);

    /** The seed every frequency matrix is drawn from. */
    private static final long SEED = 0x5EEDF0F1L;

    /**
     * @throws IllegalArgumentException for a negative count or a non-positive or non-finite scale
     */
    public FourierFeatures {
        if (count < 0) {
            throw new IllegalArgumentException("number of Fourier features must be >= 0, got " + count);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("Fourier feature scale must be finite and > 0, got " + scale);
        }
    }

    /** @return whether the inputs pass through unchanged */
    public boolean isNone() {
        return count == 0;
    }

    /**
     * @param inputDimension d
     * @return the width of the encoder input for d-dimensional points: 2m, or d without features
     */
    public int width(int inputDimension) {
        return isNone() ? inputDimension : 2 * count;
    }

    /**
     * The angular frequencies {@code 2π W} (d×m, entries {@code 2π·N(0, scale²/d)}), drawn afresh from the fixed
     * seed on every call.
     *
     * @param inputDimension d
     * @return the matrix; empty rows when there are no features
     */
    public double[][] angularFrequencies(int inputDimension) {
        SplittableRandom rng = new SplittableRandom(SEED);
        double sd = scale / Math.sqrt(Math.max(inputDimension, 1));
        double[][] w = new double[inputDimension][count];
        for (int r = 0; r < inputDimension; r++) {
            for (int k = 0; k < count; k++) {
                w[r][k] = 2 * Math.PI * sd * rng.nextGaussian();
            }
        }
        return w;
    }

    /**
     * Applies the features to standardised points.
     *
     * @param points N rows of d standardised values
     * @return N rows of {@link #width} values; copies of the rows when there are no features
     */
    public double[][] apply(double[][] points) {
        double[][] out = new double[points.length][];
        if (isNone()) {
            for (int i = 0; i < points.length; i++) {
                out[i] = points[i].clone();
            }
            return out;
        }
        int d = points.length == 0 ? 0 : points[0].length;
        double[][] w = angularFrequencies(d);
        for (int i = 0; i < points.length; i++) {
            double[] row = new double[2 * count];
            for (int k = 0; k < count; k++) {
                double angle = 0;
                for (int r = 0; r < d; r++) {
                    angle += points[i][r] * w[r][k];
                }
                row[k] = Math.sin(angle);
                row[count + k] = Math.cos(angle);
            }
            out[i] = row;
        }
        return out;
    }
}
