package org.batchgfn.onnx;

/**
 * Counter-based random numbers: one uniform (and one Gumbel) variate per {@code (seed, step, id)}, computed from
 * the three numbers alone by a hash, with no generator state.
 * <p>
 * This is what makes a draw independent of how a pool is split: a point's random key depends on its id (its global
 * pool index), the seed and the step, never on which block or partition holds it or on the order the points are
 * visited, so a draw over one array and the same draw over any partitioning of it (each part keeping its local best
 * key, the parts then reduced to one winner) choose the same point. Both the random baseline's keys and every
 * policy step of BatchGFN sampling ({@link MaskedCategorical#draw}) come from here.
 * <p>
 * The hash is SplitMix64's finaliser (Stafford's variant 13, as in {@link java.util.SplittableRandom}) applied
 * twice: to the seed advanced by the step, then to that mixed with the id; its 53 high bits give the uniform.
 */
public final class SeededKeys {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long ID_MULTIPLIER = 0xD1B54A32D192ED03L;

    private SeededKeys() {
    }

    /**
     * @param seed the draw's seed
     * @param step which draw of a sequence (a batch's k-th point), any value
     * @param id   the point's id (global pool index), any value
     * @return a uniform number in the open interval {@code (0, 1)}, a pure function of the three arguments
     */
    public static double uniform(long seed, long step, long id) {
        return uniformAt(stepHash(seed, step), id);
    }

    /**
     * The part of {@link #uniform(long, long, long)} that does not depend on the id, for a draw over many ids to take
     * once: {@code uniformAt(stepHash(seed, step), id) == uniform(seed, step, id)}, bit for bit.
     *
     * @param seed the draw's seed
     * @param step which draw of a sequence
     * @return the hash of (seed, step)
     */
    public static long stepHash(long seed, long step) {
        return mix(seed + GOLDEN_GAMMA * (step + 1));
    }

    /**
     * @param stepHash {@link #stepHash(long, long)} of the draw
     * @param id       the point's id
     * @return {@code uniform(seed, step, id)}
     */
    public static double uniformAt(long stepHash, long id) {
        return toUniform(mix(stepHash ^ (id * ID_MULTIPLIER + GOLDEN_GAMMA)));
    }

    /**
     * @param u a uniform in (0, 1)
     * @return the Gumbel variate {@code −log(−log u)}: {@code gumbel(seed, step, id) ==
     *         gumbelOf(uniform(seed, step, id))}, bit for bit
     */
    public static double gumbelOf(double u) {
        return -Math.log(-Math.log(u));
    }

    /**
     * The uniform of a hash: its 53 high bits plus ½, scaled into (0, 1). The sum rounds to even above 2^52, so the
     * largest value, {@code 2^53 − ½}, would round to {@code 2^53} and give exactly 1 (a Gumbel variate of +∞, above
     * every bound); it is capped at the largest double below 1 instead. No other value changes.
     */
    static double toUniform(long hash) {
        return Math.min(((hash >>> 11) + 0.5) * 0x1.0p-53, LARGEST_BELOW_ONE);
    }

    private static final double LARGEST_BELOW_ONE = Math.nextDown(1.0);

    /**
     * A standard Gumbel variate {@code −log(−log u)} with {@code u = uniform(seed, step, id)}: adding it to the
     * logits and taking the argmax draws from their softmax (the Gumbel-max trick).
     *
     * @param seed the draw's seed
     * @param step which draw of a sequence
     * @param id   the point's id
     * @return the Gumbel variate, finite
     */
    public static double gumbel(long seed, long step, long id) {
        return gumbelOf(uniform(seed, step, id));
    }

    /**
     * A cheap upper bound on {@link #gumbel(long, long, long)}, without a logarithm: with {@code u} the uniform,
     * {@code −log u ≥ 1 − u}, so {@code gumbel ≤ −log(1 − u) ≤ −e·ln 2} where {@code 2^e ≤ 1 − u} is the binary
     * exponent of {@code 1 − u} (exact in double for {@code u ≥ ½}); below ½ the Gumbel variate is at most
     * {@code −log(ln 2) ≈ 0.367 < ln 2}. Loose by less than {@code ln 2} plus the gap between {@code −log u} and
     * {@code 1 − u}, which vanishes as {@code u → 1}, where the large keys of a Gumbel-max draw are. It lets a draw
     * skip the two logarithms of every entry that cannot win ({@link MaskedCategorical}).
     *
     * @param seed the draw's seed
     * @param step which draw of a sequence
     * @param id   the point's id
     * @return a number {@code ≥ gumbel(seed, step, id)} (at least {@code ln 2})
     */
    public static double gumbelUpperBound(long seed, long step, long id) {
        return gumbelUpperBound(uniform(seed, step, id));
    }

    /** The bound of {@link #gumbelUpperBound(long, long, long)} as a function of the uniform {@code u ∈ (0, 1)}. */
    static double gumbelUpperBound(double u) {
        // max(1, −e)·ln 2 without a branch on u (a coin flip the processor cannot predict): below ½, 1 − u is in
        // (½, 1], whose exponent is −1 or 0
        return Math.max(1, -Math.getExponent(1.0 - u)) * LN_2;
    }

    private static final double LN_2 = Math.log(2);

    /**
     * The largest value {@link #gumbelUpperBound(long, long, long)} takes: the uniform is at most
     * {@code nextDown(1) = 1 − 2^−53}, so {@code 1 − u ≥ 2^−53} and the bound is at most {@code 53·ln 2 ≈ 36.74}. An
     * entry whose logit trails the best key by more than this cannot win a Gumbel-max draw, whatever its hash.
     */
    public static final double LARGEST_GUMBEL_BOUND = 53 * LN_2;

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
