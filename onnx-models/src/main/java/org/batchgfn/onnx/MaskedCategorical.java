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
        checkLengths(logits, masked);
        double m = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < logits.length; x++) {
            if (masked[x]) {
                continue;
            }
            double l = logits[x];
            checkDrawable(l, x);
            if (l > m) {
                m = l;
            }
        }
        if (m == Double.NEGATIVE_INFINITY) {
            throw nothingToDraw(logits.length);
        }
        return m;
    }

    private static void checkLengths(double[] logits, boolean[] masked) {
        if (logits.length != masked.length) {
            throw new IllegalArgumentException(logits.length + " logits but a mask of length " + masked.length);
        }
    }

    /** Rejects an unmasked logit that is NaN or +∞. */
    private static void checkDrawable(double logit, int index) {
        if (Double.isNaN(logit) || logit == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("logit at index " + index + " is " + logit
                    + "; unmasked logits must be finite or -Infinity");
        }
    }

    private static IllegalArgumentException nothingToDraw(int size) {
        return new IllegalArgumentException("no entry can be drawn: all " + size
                + " entries are masked or have logit -Infinity");
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
        return gumbelMax(logits, masked, trajectorySeed, step, ids, false);
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
        checkLengths(logits, masked);
        int drawn = gumbelMax(logits, masked, trajectorySeed, step, null, true);
        if (drawn < 0) {
            throw nothingToDraw(logits.length);
        }
        return drawn;
    }

    /**
     * The Gumbel-max draw: the same winner as computing every entry's {@link #key}, with the two logarithms of a key
     * taken only where the entry can still win. The best key so far starts as the largest logit's key; entries are
     * then visited in order; an entry more than {@link SeededKeys#LARGEST_GUMBEL_BOUND} below the best key is passed
     * over at once, any other is first bounded from above by
     * {@code logit + SeededKeys.gumbelUpperBound} (a hash and an exponent, no logarithm), and its exact key is
     * computed only if that bound reaches the best exact key so far (with a margin far above the keys' rounding
     * error). An entry passed over has a key below some earlier entry's, so it could not have won; ties are still
     * broken by {@link #precedes}. On a pool of 2000 points about 12 of the 2000 keys are computed (standard normal
     * logits). With {@code check}, an unmasked NaN or +∞ logit is rejected on the way ({@link #draw(double[],
     * boolean[], long, int)}, which builds no distribution that would have checked it).
     * @return the drawn index, or −1 if no entry is drawable
     */
    private static int gumbelMax(double[] logits, boolean[] masked, long trajectorySeed, int step, long[] ids,
                                 boolean check) {
        // Start from the largest logit's key, so that pruning works from the first entry even when the logits rise
        // along the index (a pool sorted by a feature): a running best alone would then be beaten at every entry.
        int best = -1;
        double largest = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < logits.length; x++) {
            double l = logits[x];
            if (!masked[x] && l > largest) {
                best = x;
                largest = l;
            }
        }
        if (best < 0) {
            if (check) { // nothing drawable: report a NaN or +∞ logit first, as the scan below would have
                for (int x = 0; x < logits.length; x++) {
                    if (!masked[x]) {
                        checkDrawable(logits[x], x);
                    }
                }
            }
            return -1;
        }
        // The seed and step's part of every entry's hash, taken once; each entry's uniform serves both its bound and
        // its key (the same bits as key(l, trajectorySeed, step, id)).
        long stepHash = SeededKeys.stepHash(trajectorySeed, step);
        long bestId = ids == null ? best : ids[best];
        double bestKey = largest + SeededKeys.gumbelOf(SeededKeys.uniformAt(stepHash, bestId));
        double margin = 1e-9 * (1 + Math.abs(bestKey));
        for (int x = 0; x < logits.length; x++) {
            double l = logits[x];
            if (masked[x] || l == Double.NEGATIVE_INFINITY) {
                continue;
            }
            if (check) {
                checkDrawable(l, x);
            }
            double slack = margin * (1 + Math.abs(l));
            // No key can rise more than LARGEST_GUMBEL_BOUND above its logit: an entry that far behind is passed over
            // without its hash (a trained low-temperature policy puts most of the pool there). It would fail the
            // per-entry test below as well, so the winner is the same.
            if (l + SeededKeys.LARGEST_GUMBEL_BOUND + slack < bestKey) {
                continue;
            }
            long id = ids == null ? x : ids[x];
            double u = SeededKeys.uniformAt(stepHash, id);
            if (l + SeededKeys.gumbelUpperBound(u) + slack < bestKey) {
                continue;
            }
            double k = l + SeededKeys.gumbelOf(u);
            if (precedes(k, id, bestKey, bestId)) {
                best = x;
                bestKey = k;
                bestId = id;
                margin = 1e-9 * (1 + Math.abs(k));
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
