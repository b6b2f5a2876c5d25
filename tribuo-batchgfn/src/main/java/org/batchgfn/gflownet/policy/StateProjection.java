package org.batchgfn.gflownet.policy;

/**
 * A state's first-layer projection {@code c W + shift} (the policy head's {@code G[s] = c_S W₂ + t W₃}, or the flow
 * head's {@code c_S U + a}) for one context row, in the one order of operations both the sampling snapshot
 * ({@link PolicySnapshot}) and the training pass ({@link PolicyPass}) use: the shift first, then the rows of
 * {@code W} in order, each scaled by its context entry (zero entries skipped), lane by lane over the outputs. With
 * the same bits of {@code G}, the head kernel gives the same bits of a state's logits in both, so a training pass
 * can take the logits its step's sampler already computed instead of computing them again. {@code H²} operations per
 * state: small next to the state's {@code N·H} head; the loop over outputs is one the JIT vectorises (no fused
 * multiply-add is allowed in Java, so the result does not depend on it).
 */
final class StateProjection {

    private StateProjection() {
    }

    /**
     * Writes {@code shift + Σ_i c[i]·W[i, ·]} into {@code out[outOffset, outOffset + width)}.
     *
     * @param c         context rows
     * @param cOffset   start of this state's row in {@code c}
     * @param weights   {@code W}, width×width row-major
     * @param shift     added to every state (length width)
     * @param width     H
     * @param out       output rows
     * @param outOffset start of this state's row in {@code out}
     */
    static void project(float[] c, int cOffset, float[] weights, float[] shift, int width, float[] out,
                        int outOffset) {
        System.arraycopy(shift, 0, out, outOffset, width);
        for (int i = 0; i < width; i++) {
            float r = c[cOffset + i];
            if (r == 0) {
                continue;
            }
            int w = i * width;
            for (int j = 0; j < width; j++) {
                out[outOffset + j] += r * weights[w + j];
            }
        }
    }
}
