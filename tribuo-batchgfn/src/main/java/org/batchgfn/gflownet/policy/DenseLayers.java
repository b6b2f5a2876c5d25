package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J (BLAS) side of the policy network: float32 products into preallocated arrays and the forward and
 * backward pass of a ReLU feed-forward encoder ({@code e_{l+1} = relu(e_l W_l + b_l)}), shared by the pool encoder
 * and the train-set encoder. Every product is one BLAS {@code sgemm} call ({@link DirectGemm}: ND4J's OpenBLAS on the
 * ND4J arrays) with the transposes as BLAS flags, so no transposed copy is ever made.
 */
final class DenseLayers {

    private DenseLayers() {
    }

    /**
     * Below this many entries of the largest array involved, independent products run one after another on the
     * calling thread: handing one to another thread costs more than it saves.
     */
    static final long CONCURRENT_WORK = 1 << 15;

    /**
     * Runs {@code tasks} independent pieces of work (products, each on its own output arrays) on the
     * {@link ComputeThreads} threads, or one after another when {@code size} is below {@link #CONCURRENT_WORK}. Each
     * product is still one single-threaded BLAS call, so the results are the same bits either way.
     *
     * @param size  entries of the largest array involved (for the threshold)
     * @param task  the work, by index
     * @param tasks number of pieces
     */
    static void concurrently(long size, java.util.function.IntConsumer task, int tasks) {
        ComputeThreads.run(tasks, task, size >= CONCURRENT_WORK);
    }

    /** Rows of ones by length, for column sums as products (read-only once made). */
    private static final java.util.Map<Long, INDArray> ONES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Column sums as one BLAS product with a row of ones, {@code out = 1ᵀ m}: ND4J's own reductions split their sums
     * over threads and change in the last bits from run to run (measured: the encoder's bias gradient), a product on
     * the pinned single BLAS thread does not.
     *
     * @param m   rows×cols
     * @param out 1×cols, overwritten
     * @return out
     */
    static INDArray columnSums(INDArray m, INDArray out) {
        INDArray ones = ONES.computeIfAbsent(m.size(0), n -> matrix(1, n).assign(1));
        return product(ones, false, m, false, out);
    }

    /** @return a new uninitialised float32 c-ordered rows×cols array */
    static INDArray matrix(long rows, long cols) {
        return Nd4j.createUninitialized(DataType.FLOAT, new long[]{rows, cols}, 'c');
    }

    /** @return a new float32 c-ordered array holding the rows (each rounded to float), rows × width of row 0 */
    static INDArray fromRows(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = (float) rows[r][c];
            }
        }
        INDArray out = matrix(rows.length, cols);
        ParameterArrays.writeFloats(flat, out);
        return out;
    }

    /**
     * {@code out = op(a)·op(b)} (overwritten), {@code op} the transpose when its flag is set.
     *
     * @return out
     */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray out) {
        DirectGemm.gemm(a, transposeA, b, transposeB, out, 0.0);
        return out;
    }

    /** {@code out += op(a)·op(b)}. */
    static void addProduct(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray out) {
        DirectGemm.gemm(a, transposeA, b, transposeB, out, 1.0);
    }

    /** @return a new {@code op(a)·op(b)} */
    static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long cols = transposeB ? b.size(0) : b.size(1);
        return product(a, transposeA, b, transposeB, matrix(rows, cols));
    }

    /**
     * Forward pass: {@code outputs[l] = relu(input_l W_l + b_l)} with {@code input_0 = input} and
     * {@code input_l = outputs[l − 1]}.
     *
     * @param input   M×F
     * @param weights per layer, fanIn×H
     * @param biases  per layer, 1×H
     * @param outputs per layer, M×H, overwritten
     */
    static void forward(INDArray input, INDArray[] weights, INDArray[] biases, INDArray[] outputs) {
        forward(input, weights, biases, outputs, new float[2][]);
    }

    /**
     * {@link #forward(INDArray, INDArray[], INDArray[], INDArray[])} with the Java scratch arrays it needs kept by the
     * caller between calls ({@code work[0]} and {@code work[1]}, allocated or replaced here when missing or of
     * another length): a fresh pool-sized array costs more than the pass over it (measured: allocating 2000×64 floats
     * 65–90 µs, copying an ND4J array into a kept one 16–24 µs).
     *
     * @param work two slots for scratch arrays, owned by the caller
     */
    static void forward(INDArray input, INDArray[] weights, INDArray[] biases, INDArray[] outputs, float[][] work) {
        forwardRows(input, weights, biases, outputs, 0, (int) input.size(0), work);
    }

    /**
     * Rows {@code [row0, row1)} of {@link #forward}: each layer's product on the row range ({@link DirectGemm#gemmRows}),
     * then bias and ReLU on those rows, so that threads may compute disjoint row ranges of one set of arrays (the pool
     * encoder's blocks). Each row's values do not depend on the other rows.
     *
     * @param row0 first row
     * @param row1 end of the rows (exclusive)
     * @param work two slots for this call's scratch arrays (one set per concurrent caller)
     */
    static void forwardRows(INDArray input, INDArray[] weights, INDArray[] biases, INDArray[] outputs, int row0,
                            int row1, float[][] work) {
        INDArray x = input;
        int rows = row1 - row0;
        for (int l = 0; l < weights.length; l++) {
            DirectGemm.gemmRows(x, row0, rows, weights[l], false, outputs[l]);
            // Bias and ReLU in one Java pass over a copy: ND4J's broadcast add and its ReLU, two native calls over
            // the whole array, took about as long as the product itself at N = 2000, H = 64. The bias is tiled to
            // the rows' length so that the loop is one C2 vectorises (TiledRow).
            int width = (int) outputs[l].size(1);
            int len = rows * width;
            float[] z = scratch(work, 0, len);
            float[] bias = scratch(work, 1, len);
            ParameterArrays.readFloatRange(outputs[l], (long) row0 * width, z, 0, len);
            TiledRow.tile(ParameterArrays.readFloats(biases[l], new float[(int) biases[l].length()]), bias, len);
            for (int i = 0; i < len; i++) {
                z[i] = Math.max(z[i] + bias[i], 0f);
            }
            ParameterArrays.writeFloatRange(z, 0, outputs[l], (long) row0 * width, len);
            x = outputs[l];
        }
    }

    /**
     * Backward pass of {@link #forward}: given {@code ∂L/∂outputs[L−1]}, writes every layer's weight and bias
     * gradient. Uses the ReLU identity {@code 1[z > 0] = sign(relu(z))}, so no pre-activation is kept.
     *
     * @param input        the forward pass's input
     * @param weights      per layer
     * @param outputs      the forward pass's outputs
     * @param upstream     ∂L/∂outputs[L−1] (M×H); overwritten (used as scratch)
     * @param spare        a second M×H scratch array
     * @param weightGrads  per layer, fanIn×H, overwritten
     * @param biasGrads    per layer, 1×H, overwritten
     * @param work         two slots for Java scratch arrays, owned by the caller (as in
     *                     {@link #forward(INDArray, INDArray[], INDArray[], INDArray[], float[][])})
     */
    static void backward(INDArray input, INDArray[] weights, INDArray[] outputs, INDArray upstream, INDArray spare,
                         INDArray[] weightGrads, INDArray[] biasGrads, float[][] work) {
        INDArray dOut = upstream;
        INDArray other = spare;
        long size = upstream.length();
        for (int l = weights.length - 1; l >= 0; l--) {
            reluGradient(dOut, outputs[l], work); // now ∂L/∂z_l
            INDArray dz = dOut;
            INDArray below = l == 0 ? input : outputs[l - 1];
            INDArray propagated = other;
            int layer = l;
            // The layer's weight gradient on one thread, its bias gradient and the gradient it passes down on the
            // other: independent products of the same ∂z.
            concurrently(size, i -> {
                if (i == 0) {
                    product(below, true, dz, false, weightGrads[layer]);
                } else {
                    columnSums(dz, biasGrads[layer]);
                    if (layer > 0) {
                        product(dz, false, weights[layer], true, propagated);
                    }
                }
            }, 2);
            if (l > 0) {
                dOut = propagated;
                other = dz;
            }
        }
    }

    /** Entries per block of {@link #reluGradient} (blocks fixed by the array's length, run on the kernel threads). */
    static final int RELU_BLOCK = 1 << 15;

    /**
     * {@code dOut ← dOut ∘ 1[z > 0]} in place, from the ReLU's outputs {@code relu(z)} (never −0 or negative): each
     * entry is multiplied by exactly 1 or 0, the bits of ND4J's {@code dOut.muli(sign(relu(z)))} that it replaces, in
     * one Java pass that C2 vectorises. The factor is {@code min(r·2¹²⁷·2¹²⁷, 1)}: 0 for {@code r = +0}, and 1 for
     * every positive float (the smallest, 2⁻¹⁴⁹, already reaches 2¹⁰⁵), with no branch on the sign (a branch on a
     * coin flip costs more than the pass). Runs in blocks of {@link #RELU_BLOCK} entries on the {@link ComputeThreads}
     * threads (each entry's value does not depend on the block).
     */
    static void reluGradient(INDArray dOut, INDArray activations, float[][] work) {
        int len = (int) dOut.length();
        float[] d = scratch(work, 0, len);
        float[] r = scratch(work, 1, len);
        ComputeThreads.run((len + RELU_BLOCK - 1) / RELU_BLOCK, block -> {
            int from = block * RELU_BLOCK;
            int n = Math.min(RELU_BLOCK, len - from);
            ParameterArrays.readFloatRange(dOut, from, d, from, n);
            ParameterArrays.readFloatRange(activations, from, r, from, n);
            for (int i = from; i < from + n; i++) {
                d[i] *= Math.min(r[i] * 0x1p127f * 0x1p127f, 1f);
            }
            ParameterArrays.writeFloatRange(d, from, dOut, from, n);
        }, len >= CONCURRENT_WORK);
    }

    /**
     * A kept scratch array: {@code work[slot]}, first replaced by a new array if missing or not {@code length} long
     * (also the Java slots of {@code PolicyPass.Workspace}).
     */
    static float[] scratch(float[][] work, int slot, int length) {
        if (work[slot] == null || work[slot].length != length) {
            work[slot] = new float[length];
        }
        return work[slot];
    }
}
