package org.batchgfn.gflownet.policy;

/**
 * Keeps subnormal floats (nonzero, below {@link Float#MIN_NORMAL} ≈ 1.18e−38 in magnitude) out of the training
 * pass's arrays by replacing them with 0, as a CPU's flush-to-zero mode would, which Java cannot switch on.
 * <p>
 * Why: on Intel cores an arithmetic operation with a subnormal operand or result takes a microcode assist of about a
 * hundred cycles instead of one. A trained low-temperature policy puts much of the pool at probabilities between
 * about 1e−45 and 1e−38 (measured at N = 2000, H = 64, the toy task's parity run: 13–17% of the probabilities and of
 * the head's ∂A from step 1000 on), and those reached OpenBLAS's products of the backward pass: one 2000×64
 * {@code Eᵀ ∂A} product took 0.42 ms with normal operands, 2.5 ms with 1% subnormal ones and 18 ms with 10% (Intel
 * Xeon, AVX-512; AMD's cores handle subnormals without the assist, so the effect was not seen there). A value that
 * small cannot move a trained parameter: the gradients it enters are sums of far larger terms, and Adam divides by
 * their root mean square plus ε = 1e−8.
 * <p>
 * Where: the softmax's probabilities ({@link HeadKernel#softmax}), the head's gradient {@code δ} and the products
 * {@code ∂A ∘ v} and {@code ∂G ∘ v} ({@link PolicyPass#backward}), which are every array that enters the backward
 * pass's BLAS products from the head; and Adam's moments after each update ({@code AdamOptimizer}: a first moment
 * decaying towards 0 gets stuck a few units above it, as {@code 0.9·k} units of the last place round back to
 * {@code k} for {@code k ≤ 4}). NaN and infinities pass through unchanged.
 */
public final class FlushToZero {

    private FlushToZero() {
    }

    /**
     * @param value a float
     * @return 0 if {@code value} is subnormal, else {@code value}
     */
    public static float flush(float value) {
        return Math.abs(value) < Float.MIN_NORMAL ? 0f : value;
    }

    /**
     * The float nearest {@code value}, or 0 where that would be subnormal. Decided on the double, so the result is
     * never subnormal: a double at or above {@link Float#MIN_NORMAL} in magnitude rounds to a float that is too.
     *
     * @param value a double
     * @return 0 if {@code |value| < Float.MIN_NORMAL}, else {@code (float) value}
     */
    public static float toFloat(double value) {
        return Math.abs(value) < Float.MIN_NORMAL ? 0f : (float) value;
    }

    /**
     * Flushes the subnormal entries of {@code values[0, length)} in place.
     *
     * @param values floats
     * @param length how many, from the start
     * @return whether any entry changed
     */
    public static boolean flush(float[] values, int length) {
        boolean changed = false;
        for (int i = 0; i < length; i++) {
            float v = values[i];
            float flushed = flush(v);
            if (flushed != v) {
                values[i] = flushed;
                changed = true;
            }
        }
        return changed;
    }
}
