package org.batchgfn.onnx;

/**
 * One step of a BatchGFN trajectory: the categorical distribution {@code softmax(logits)} restricted to the entries
 * that are not masked (pool points already in the batch), and the inverse-CDF draw from it with one uniform number.
 * <p>
 * This is the single definition of the sampling step: the ONNX runtime ({@link EncodedPool}) and the
 * Deeplearning4j-side trajectory sampler of the training code both draw through it, so with the same logits and the
 * same uniform sequence they choose the same points. Entries are visited in index order; the draw returns the first
 * unmasked index whose cumulative weight exceeds {@code u} times the total weight. Immutable.
 */
public final class MaskedCategorical {

    private final double[] logits;
    private final boolean[] masked;
    private final double[] weights;
    private final double max;
    private final double total;
    private final int lastDrawable;

    private MaskedCategorical(double[] logits, boolean[] masked) {
        if (logits.length != masked.length) {
            throw new IllegalArgumentException(logits.length + " logits but a mask of length " + masked.length);
        }
        double m = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < logits.length; x++) {
            if (masked[x]) {
                continue;
            }
            double l = logits[x];
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logit at index " + x + " is " + l
                        + "; unmasked logits must be finite or -Infinity");
            }
            m = Math.max(m, l);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("no entry can be drawn: all " + logits.length
                    + " entries are masked or have logit -Infinity");
        }
        this.logits = logits.clone();
        this.masked = masked.clone();
        this.weights = new double[logits.length];
        double sum = 0;
        int last = -1;
        for (int x = 0; x < logits.length; x++) {
            if (!masked[x] && logits[x] != Double.NEGATIVE_INFINITY) {
                weights[x] = Math.exp(logits[x] - m);
                sum += weights[x];
                last = x;
            }
        }
        this.max = m;
        this.total = sum;
        this.lastDrawable = last;
    }

    /**
     * @param logits unnormalised log-weights, one per entry (values at masked entries are ignored)
     * @param masked {@code true} for entries that must never be drawn
     * @return the distribution
     * @throws IllegalArgumentException if the lengths differ, an unmasked logit is NaN or +∞, or nothing can be drawn
     */
    public static MaskedCategorical of(double[] logits, boolean[] masked) {
        return new MaskedCategorical(logits, masked);
    }

    /** @return the number of entries, masked ones included */
    public int size() {
        return logits.length;
    }

    /**
     * Inverse-CDF draw.
     *
     * @param u a uniform number in {@code [0, 1)}
     * @return the drawn index: never a masked one, never one of probability 0
     * @throws IllegalArgumentException if {@code u} is outside {@code [0, 1)}
     */
    public int sample(double u) {
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("the uniform draw must be in [0, 1), got " + u);
        }
        double target = u * total;
        double acc = 0;
        for (int x = 0; x < weights.length; x++) {
            acc += weights[x];
            if (target < acc) {
                return x;
            }
        }
        return lastDrawable; // only reached by rounding when u is within an ulp of 1
    }

    /**
     * @param index an entry
     * @return its log-probability; {@code −∞} for a masked entry
     */
    public double logProbability(int index) {
        if (masked[index]) {
            return Double.NEGATIVE_INFINITY;
        }
        return logits[index] - max - Math.log(total);
    }

    /**
     * @param index an entry
     * @return its probability; 0 for a masked entry
     */
    public double probability(int index) {
        return weights[index] / total;
    }
}
