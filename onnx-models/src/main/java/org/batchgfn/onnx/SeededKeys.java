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
        long h = mix(seed + GOLDEN_GAMMA * (step + 1));
        h = mix(h ^ (id * ID_MULTIPLIER + GOLDEN_GAMMA));
        return ((h >>> 11) + 0.5) * 0x1.0p-53;
    }

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
        return -Math.log(-Math.log(uniform(seed, step, id)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
