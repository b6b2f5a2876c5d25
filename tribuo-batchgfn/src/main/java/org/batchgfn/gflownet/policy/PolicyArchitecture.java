package org.batchgfn.gflownet.policy;

/**
 * The shape of the policy network.
 *
 * @param hiddenWidth   H, the width of every hidden layer and of the point embeddings (256 in the paper)
 * @param encoderLayers the number of ReLU layers of the per-point encoder (2 in the paper)
 * @param inputFeatures what the encoders' first layers see of a standardised point: the point itself
 *                      ({@link FourierFeatures#NONE}, the paper) or its random Fourier features
 */
public record PolicyArchitecture(int hiddenWidth, int encoderLayers, FourierFeatures inputFeatures) {

    /** The paper's architecture: H = 256, two encoder layers, the standardised inputs. */
    public static final PolicyArchitecture PAPER = new PolicyArchitecture(256, 2);

    /**
     * An architecture whose encoders see the standardised inputs ({@link FourierFeatures#NONE}), as in the paper.
     *
     * @param hiddenWidth   H
     * @param encoderLayers the number of encoder layers
     */
    public PolicyArchitecture(int hiddenWidth, int encoderLayers) {
        this(hiddenWidth, encoderLayers, FourierFeatures.NONE);
    }

    /**
     * @throws IllegalArgumentException if the width or depth is not positive, or the features are null
     */
    public PolicyArchitecture {
        if (hiddenWidth < 1) {
            throw new IllegalArgumentException("hidden width must be >= 1, got " + hiddenWidth);
        }
        if (encoderLayers < 1) {
            throw new IllegalArgumentException("the encoder needs at least one layer, got " + encoderLayers);
        }
        if (inputFeatures == null) {
            throw new IllegalArgumentException("input features must not be null; use FourierFeatures.NONE");
        }
    }

    /**
     * @param features the encoders' input features
     * @return a copy with other input features
     */
    public PolicyArchitecture withInputFeatures(FourierFeatures features) {
        return new PolicyArchitecture(hiddenWidth, encoderLayers, features);
    }
}
