package org.batchgfn.onnx;

/**
 * One step of a BatchGFN trajectory: the categorical distribution {@code softmax(logits)} restricted to the entries
 * that are not masked (pool points already in the batch), and the Gumbel-max draw from it.
 * <p>
 * This is the single definition of the sampling step: the ONNX runtime ({@link EncodedPool}), the
 * Deeplearning4j-side trajectory sampler of the training code and the distributed sampler of spark-acquisition all
 * draw through it, so with the same logits and the same trajectory seed they choose the same points. The draw is the
 * drawable entry with the largest key {@code logit + SeededKeys.gumbel(seed, step, index)} ({@link #key}), ties to the
 * lower index ({@link #precedes}): the keys depend on the entry's index and not on its position in an array, so the
 * best key of each part of a split pool, reduced to the best of the parts, is the same draw (an inverse-CDF draw,
 * which needs the running sum in index order, could not be split so). Immutable.
 */
public final class MaskedCategorical {

    private final double[] logits;
    private final boolean[] masked;
    private final double[] weights;
    private final double max;
    private final double total;

    private MaskedCategorical(double[] logits, boolean[] masked) {
        double m = maxDrawable(logits, masked);
        this.logits = logits.clone();
        this.masked = masked.clone();
        this.weights = new double[logits.length];
        double sum = 0;
        for (int x = 0; x < logits.length; x++) {
            if (!masked[x] && logits[x] != Double.NEGATIVE_INFINITY) {
                weights[x] = Math.exp(logits[x] - m);
                sum += weights[x];
            }
        }
        this.max = m;
        this.total = sum;
    }

    /** Checks the arguments; returns the largest unmasked logit. */
    private static double maxDrawable(double[] logits, boolean[] masked) {
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
        return m;
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
     * The Gumbel-max draw: the drawable entry (unmasked, logit above −∞) with the largest {@link #key}, ties to the
     * lower index; distributed as {@link #probability}.
     *
     * @param trajectorySeed the seed of the trajectory this step belongs to
     * @param step           the step's position in the trajectory (0 for the first point)
     * @return the drawn index: never a masked one, never one of probability 0
     */
    public int draw(long trajectorySeed, int step) {
        return draw(trajectorySeed, step, null);
    }

    /**
     * The Gumbel-max draw over a block of a larger pool whose entries have the given ids: the keys are those of the
     * ids, so the block's draw is its candidate for the draw over the whole pool (the best key of all blocks, by
     * {@link #precedes}, is the whole pool's {@link #draw(long, int)} when the ids are the pool indices).
     *
     * @param trajectorySeed the seed of the trajectory this step belongs to
     * @param step           the step's position in the trajectory
     * @param ids            the entries' ids (global pool indices), or null for the indices themselves
     * @return the drawn index into this distribution's entries
     */
    public int draw(long trajectorySeed, int step, long[] ids) {
        if (ids != null && ids.length != logits.length) {
            throw new IllegalArgumentException(ids.length + " ids for " + logits.length + " entries");
        }
        return gumbelMax(logits, masked, trajectorySeed, step, ids);
    }

    /**
     * The same draw as {@code MaskedCategorical.of(logits, masked).draw(trajectorySeed, step)}, with the same checks,
     * without building the distribution (no copies, no normaliser): the sampler's hot path, which only draws.
     *
     * @param logits         unnormalised log-weights, one per entry (values at masked entries are ignored)
     * @param masked         {@code true} for entries that must never be drawn
     * @param trajectorySeed the seed of the trajectory this step belongs to
     * @param step           the step's position in the trajectory
     * @return the drawn index
     * @throws IllegalArgumentException as {@link #of}
     */
    public static int draw(double[] logits, boolean[] masked, long trajectorySeed, int step) {
        maxDrawable(logits, masked);
        return gumbelMax(logits, masked, trajectorySeed, step, null);
    }

    private static int gumbelMax(double[] logits, boolean[] masked, long trajectorySeed, int step, long[] ids) {
        int best = -1;
        double bestKey = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < logits.length; x++) {
            if (!masked[x] && logits[x] != Double.NEGATIVE_INFINITY) {
                long id = ids == null ? x : ids[x];
                double k = key(logits[x], trajectorySeed, step, id);
                if (best < 0 || precedes(k, id, bestKey, ids == null ? best : ids[best])) {
                    best = x;
                    bestKey = k;
                }
            }
        }
        return best;
    }

    /**
     * @return {@code log Σ exp(logit)} over the drawable entries (the log of the softmax's normaliser); over a split
     *         pool, the log-sum-exp of the blocks' values is the whole pool's
     */
    public double logNormalizer() {
        return max + Math.log(total);
    }

    /**
     * The random key of one entry in a Gumbel-max draw.
     *
     * @param logit          the entry's logit (finite)
     * @param trajectorySeed the trajectory's seed
     * @param step           the step in the trajectory
     * @param id             the entry's index in the whole pool (its global id, whatever block holds it)
     * @return {@code logit + SeededKeys.gumbel(trajectorySeed, step, id)}
     */
    public static double key(double logit, long trajectorySeed, int step, long id) {
        return logit + SeededKeys.gumbel(trajectorySeed, step, id);
    }

    /**
     * The order of the draw: a larger key wins, an equal key goes to the lower id.
     *
     * @param key   one entry's key
     * @param id    its id
     * @param other another entry's key
     * @param otherId its id
     * @return whether the first entry beats the second
     */
    public static boolean precedes(double key, long id, double other, long otherId) {
        return key > other || (key == other && id < otherId);
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
