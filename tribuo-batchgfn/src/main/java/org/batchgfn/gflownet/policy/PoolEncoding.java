package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The pool's encoding under the current parameters: the ND4J activations of every encoder layer (for the backward
 * pass), the point projection {@code A = E W₁ + b} (one ND4J product, the bias added in Java) and its transpose (H×N,
 * for the kernel's logits), and Java copies of {@code E}, {@code A} and {@code Aᵀ} for the fused kernel. Computed once
 * and reused while the parameters it depends on (the encoder, {@code W₁}, {@code b}) are unchanged, so a step's
 * sampling and its training pass share one encoding. The ND4J arrays and the Java copy of {@code A} are allocated
 * once; the Java copies of {@code E} and {@code Aᵀ} are new arrays at each recomputation (snapshots keep the old
 * ones). Mutable, not thread-safe; owned by one {@link PolicyNetwork}.
 */
final class PoolEncoding {

    private final PolicyParameters parameters;
    private final int layers;
    private final int width;
    private final int poolSize;
    /** The pool as the encoder's first layer sees it: {@code γ(pool)}, N×F. */
    private final INDArray input;
    private final INDArray[] layerOutputs;
    private final INDArray projectionArray;
    /** The parameter values of the current encoding (null before the first). */
    private float[] key;
    /** E, N×H row-major. */
    private float[] embeddings;
    /** Aᵀ = (E W₁ + b)ᵀ, H×N row-major (read by the logits). */
    private float[] projectionT;
    /** A = E W₁ + b, N×H row-major (read by the gradient). */
    private float[] projection;

    /**
     * @param parameters the network's live parameters
     * @param layers     encoder depth L
     * @param input      {@code γ(pool)}, N×F
     */
    PoolEncoding(PolicyParameters parameters, int layers, INDArray input) {
        this.parameters = parameters;
        this.layers = layers;
        this.input = input;
        this.poolSize = (int) input.size(0);
        this.width = (int) parameters.get(PolicyParameters.HEAD_BIAS).length();
        this.layerOutputs = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            layerOutputs[l] = DenseLayers.matrix(poolSize, width);
        }
        this.projectionArray = DenseLayers.matrix(poolSize, width);
    }

    /** Pool-sized (N×H) scratch arrays of the backward pass, allocated on first use. */
    private INDArray[] scratch;

    /** Java scratch arrays of the encoder's forward and backward passes (DenseLayers), kept between steps. */
    private final float[][] javaScratch = new float[2][];

    /**
     * @return three N×H arrays the backward pass may overwrite: {@code ∂A}, {@code ∂E} and one of the encoder's
     *         backward pass
     */
    INDArray[] backwardScratch() {
        if (scratch == null) {
            scratch = new INDArray[3];
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] = DenseLayers.matrix(poolSize, width);
            }
        }
        return scratch;
    }

    /**
     * @return two slots for the Java scratch arrays of the encoder's passes ({@code DenseLayers.forward} and
     *         {@code backward}); the forward pass's are free again once it returns, so the backward pass reuses them
     */
    float[][] javaScratch() {
        return javaScratch;
    }

    /** @return the encoder's input {@code γ(pool)}, N×F */
    INDArray input() {
        return input;
    }

    /** Brings the encoding up to date with the parameters (recomputes only if they changed); returns this. */
    PoolEncoding update() {
        float[] newKey = currentKey();
        if (!Arrays.equals(newKey, key)) {
            compute(newKey);
        }
        return this;
    }

    /** @return the activations of every encoder layer (ND4J, N×H each) */
    INDArray[] layerOutputs() {
        return layerOutputs;
    }

    /** @return E, the last encoder layer's activations, as an ND4J array */
    INDArray embeddingArray() {
        return layerOutputs[layers - 1];
    }

    /** @return E, N×H row-major */
    float[] embeddings() {
        return embeddings;
    }

    /** @return Aᵀ, H×N row-major */
    float[] projectionT() {
        return projectionT;
    }

    /** @return A, N×H row-major */
    float[] projection() {
        return projection;
    }

    /** The values the pool encoding depends on, concatenated. */
    private float[] currentKey() {
        String[] names = new String[2 * layers + 2];
        for (int l = 0; l < layers; l++) {
            names[2 * l] = PolicyParameters.encoderWeight(l);
            names[2 * l + 1] = PolicyParameters.encoderBias(l);
        }
        names[2 * layers] = PolicyParameters.HEAD_POINT_WEIGHT;
        names[2 * layers + 1] = PolicyParameters.HEAD_BIAS;
        int total = 0;
        for (String n : names) {
            total += (int) parameters.get(n).length();
        }
        float[] out = new float[total];
        int at = 0;
        float[] buf = new float[0];
        for (String n : names) {
            INDArray a = parameters.get(n);
            int len = (int) a.length();
            if (buf.length < len) {
                buf = new float[len];
            }
            ParameterArrays.readFloats(a, buf);
            System.arraycopy(buf, 0, out, at, len);
            at += len;
        }
        return out;
    }

    private void compute(float[] newKey) {
        DenseLayers.forward(input, parameters.encoderWeights(layers), parameters.encoderBiases(layers),
                layerOutputs, javaScratch);
        INDArray w1 = parameters.get(PolicyParameters.HEAD_POINT_WEIGHT);
        float[] bias = parameters.values(PolicyParameters.HEAD_BIAS);
        DenseLayers.product(embeddingArray(), false, w1, false, projectionArray);
        // A's Java copy is overwritten in place (only the pass reads it, and always the current one); Aᵀ and E are
        // new arrays, since snapshots keep the old ones.
        if (projection == null) {
            projection = new float[poolSize * width];
        }
        float[] a = ParameterArrays.readFloats(projectionArray, projection);
        float[] aT = new float[width * poolSize];
        // The bias added in Java, over the copy, against the bias tiled to A's length (a loop C2 vectorises, see
        // TiledRow; an ND4J broadcast add took as long as the product), in a Java scratch slot the encoder's forward
        // pass has finished with.
        float[] tiled = TiledRow.tile(bias, DenseLayers.scratch(javaScratch, 1, a.length), a.length);
        for (int i = 0; i < a.length; i++) {
            a[i] += tiled[i];
        }
        // Aᵀ is A's own transpose (not a second product): the logits and the gradient see the same numbers.
        // Blocks of 16 points: each block reads 16 rows of A and writes one cache line per row of Aᵀ.
        for (int x0 = 0; x0 < poolSize; x0 += 16) {
            int x1 = Math.min(poolSize, x0 + 16);
            for (int j = 0; j < width; j++) {
                int row = j * poolSize;
                for (int x = x0; x < x1; x++) {
                    aT[row + x] = a[x * width + j];
                }
            }
        }
        projectionT = aT;
        embeddings = ParameterArrays.readFloats(embeddingArray(), new float[poolSize * width]);
        key = newKey;
    }
}
