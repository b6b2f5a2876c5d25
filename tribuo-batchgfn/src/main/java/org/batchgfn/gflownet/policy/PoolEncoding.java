package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * The pool's encoding under the current parameters: the ND4J activations of every encoder layer (for the backward
 * pass), the point projection {@code A = E W₁ + b} (a BLAS product, the bias added in Java) and its transpose (H×N,
 * for the kernel's logits), and Java copies of {@code E}, {@code A} and {@code Aᵀ} for the fused kernel. Computed once
 * and reused while the parameters it depends on (the encoder, {@code W₁}, {@code b}) are unchanged, so a step's
 * sampling and its training pass share one encoding. The forward pass runs in fixed blocks of {@link #BLOCK} points on
 * the {@link ComputeThreads} threads (each block's products on its rows, {@link DirectGemm#gemmRows}). The ND4J arrays
 * and the Java copy of {@code A} are allocated once; the Java copies of {@code E} and {@code Aᵀ} are new arrays at each
 * recomputation (snapshots keep the old ones). Mutable, not thread-safe; owned by one {@link PolicyNetwork}.
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

    /** Java scratch arrays of the encoder's backward pass (DenseLayers), kept between steps. */
    private final float[][] javaScratch = new float[2][];

    /**
     * Points per block of the forward pass: the blocks are fixed by N alone and each writes only its own rows, so the
     * encoding does not depend on how many threads compute the blocks.
     */
    static final int BLOCK = HeadKernel.CHUNK;

    /** Per block of the forward pass, its two Java scratch arrays, kept between steps. */
    private float[][][] blockScratch = new float[0][][];

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

    /** @return two slots for the Java scratch arrays of the encoder's backward pass ({@code DenseLayers.backward}) */
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
        // A's Java copy is overwritten in place (only the pass reads it, and always the current one); Aᵀ and E are
        // new arrays, since snapshots keep the old ones.
        if (projection == null) {
            projection = new float[poolSize * width];
        }
        float[] aT = new float[width * poolSize];
        float[] e = new float[poolSize * width];
        INDArray[] weights = parameters.encoderWeights(layers);
        INDArray[] biases = parameters.encoderBiases(layers);
        INDArray w1 = parameters.get(PolicyParameters.HEAD_POINT_WEIGHT);
        // A's bias tiled to a block's length (TiledRow: the one-index loop C2 vectorises), read by every block.
        int blockRows = Math.min(poolSize, BLOCK);
        float[] tiledBias = TiledRow.tile(parameters.values(PolicyParameters.HEAD_BIAS), new float[blockRows * width],
                blockRows * width);
        int blocks = (poolSize + BLOCK - 1) / BLOCK;
        if (blockScratch.length != blocks) {
            blockScratch = new float[blocks][2][];
        }
        ComputeThreads.run(blocks, block -> {
            int x0 = block * BLOCK;
            int x1 = Math.min(poolSize, x0 + BLOCK);
            encodeRows(x0, x1, weights, biases, w1, tiledBias, aT, e, blockScratch[block]);
        }, (long) poolSize * width >= DenseLayers.CONCURRENT_WORK);
        projectionT = aT;
        embeddings = e;
        key = newKey;
    }

    /**
     * Points {@code [x0, x1)}: the encoder's layers, {@code A = E W₁ + b} and the Java copies of those rows of E, A and
     * Aᵀ. Writes only those rows (columns of Aᵀ), so blocks may run on different threads.
     */
    private void encodeRows(int x0, int x1, INDArray[] weights, INDArray[] biases, INDArray w1, float[] tiledBias,
                            float[] aT, float[] e, float[][] work) {
        DenseLayers.forwardRows(input, weights, biases, layerOutputs, x0, x1, work);
        int rows = x1 - x0;
        int len = rows * width;
        DirectGemm.gemmRows(embeddingArray(), x0, rows, w1, false, projectionArray);
        float[] a = projection;
        int at = x0 * width;
        ParameterArrays.readFloatRange(projectionArray, at, a, at, len);
        for (int i = 0; i < len; i++) {
            a[at + i] += tiledBias[i];
        }
        ParameterArrays.readFloatRange(embeddingArray(), at, e, at, len);
        // Aᵀ is A's own transpose (not a second product): the logits and the gradient see the same numbers.
        // Groups of 16 points: each reads 16 rows of A and writes one cache line per row of Aᵀ.
        for (int g0 = x0; g0 < x1; g0 += 16) {
            int g1 = Math.min(x1, g0 + 16);
            for (int j = 0; j < width; j++) {
                int row = j * poolSize;
                for (int x = g0; x < g1; x++) {
                    aT[row + x] = a[x * width + j];
                }
            }
        }
    }
}
