package org.batchgfn.gflownet.policy;

/**
 * The shape of the policy network.
 *
 * @param hiddenWidth   H, the width of every hidden layer and of the point embeddings (256 in the paper)
 * @param encoderLayers the number of ReLU layers of the per-point encoder (2 in the paper)
 */
public record PolicyArchitecture(int hiddenWidth, int encoderLayers) {

    /** The paper's architecture: H = 256, two encoder layers. */
    public static final PolicyArchitecture PAPER = new PolicyArchitecture(256, 2);

    /**
     * @throws IllegalArgumentException if the width or depth is not positive
     */
    public PolicyArchitecture {
        if (hiddenWidth < 1) {
            throw new IllegalArgumentException("hidden width must be >= 1, got " + hiddenWidth);
        }
        if (encoderLayers < 1) {
            throw new IllegalArgumentException("the encoder needs at least one layer, got " + encoderLayers);
        }
    }
}
