package org.batchgfn.gflownet.policy;

/**
 * A frozen copy of a {@link PolicyNetwork}'s forward policy and learned log-flow, evaluated without building any
 * graph. The pool embeddings {@code e_x} and the head's point projection {@code W₁ e_x + b} are precomputed, so a
 * state costs one H×H product ({@code W₂ c_S}) plus {@code 3·N·H} flops for the per-point head, which runs on the
 * same float32 kernel as training ({@link HeadKernel}), split over pool chunks when the pool is large enough to pay
 * for the threads. Log-probabilities are normalised in double. Immutable and thread-safe.
 */
public final class PolicySnapshot implements ForwardPolicy {

    /** Below this many (point, unit) pairs per state the kernel runs on the calling thread only. */
    private static final int PARALLEL_WORK = 1 << 18;

    private final HeadKernel kernel;
    private final int poolSize;
    private final int width;
    /** E, N×H row-major. */
    private final float[] embeddings;
    /** {@code W₁ e_x + b}, transposed (H×N), so the kernel runs over contiguous pool points. */
    private final float[] pointProjectionT;
    /** Added to every state's {@code W₂ c_S} (the train-set context's {@code t W₃}; zero if unconditioned). */
    private final float[] stateShift;
    private final float[] stateWeights;
    private final float[] headOut;
    private final float[] flowWeights;
    private final float[] flowBias;
    private final float[] flowOut;
    private final float flowOutBias;

    PolicySnapshot(HeadKernel kernel, int poolSize, int width, float[] embeddings, float[] pointProjectionT,
                   float[] stateShift, float[] stateWeights, float[] headOut, float[] flowWeights, float[] flowBias,
                   float[] flowOut, float flowOutBias) {
        this.kernel = kernel;
        this.poolSize = poolSize;
        this.width = width;
        this.embeddings = embeddings;
        this.pointProjectionT = pointProjectionT;
        this.stateShift = stateShift;
        this.stateWeights = stateWeights;
        this.headOut = headOut;
        this.flowWeights = flowWeights;
        this.flowBias = flowBias;
        this.flowOut = flowOut;
        this.flowOutBias = flowOutBias;
    }

    @Override
    public int poolSize() {
        return poolSize;
    }

    /** @return true: a snapshot is immutable */
    @Override
    public boolean isThreadSafe() {
        return true;
    }

    private float[] context(int[] state) {
        float[] c = new float[width];
        for (int x : state) {
            if (x < 0 || x >= poolSize) {
                throw new IllegalArgumentException("state index " + x + " is outside the pool [0, " + poolSize + ")");
            }
            for (int h = 0; h < width; h++) {
                c[h] += embeddings[x * width + h];
            }
        }
        return c;
    }

    /** {@code row · m} for m H×H row-major, plus {@code shift}. */
    private float[] times(float[] row, float[] m, float[] shift) {
        float[] out = shift.clone();
        for (int i = 0; i < width; i++) {
            float r = row[i];
            if (r == 0) {
                continue;
            }
            for (int j = 0; j < width; j++) {
                out[j] += r * m[i * width + j];
            }
        }
        return out;
    }

    /**
     * @param state the chosen pool indices (distinct)
     * @return the unnormalised logits of every pool point, {@code −∞} at chosen points
     */
    @Override
    public double[] logits(int[] state) {
        float[] g = times(context(state), stateWeights, stateShift);
        float[] out = new float[poolSize];
        int chunks = HeadKernel.chunks(poolSize);
        java.util.function.IntConsumer chunk = k -> kernel.logits(pointProjectionT, poolSize, headOut, g, 1,
                k * HeadKernel.CHUNK, Math.min(poolSize, (k + 1) * HeadKernel.CHUNK), out);
        ComputeThreads.run(chunks, chunk, (long) poolSize * width >= PARALLEL_WORK);
        double[] logits = new double[poolSize];
        for (int x = 0; x < poolSize; x++) {
            logits[x] = out[x];
        }
        for (int x : state) {
            if (logits[x] == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("state contains pool index " + x + " more than once");
            }
            logits[x] = Double.NEGATIVE_INFINITY;
        }
        return logits;
    }

    @Override
    public double[] logProbabilities(int[] state) {
        if (state.length >= poolSize) {
            throw new IllegalArgumentException("state of size " + state.length + " leaves no pool point to add");
        }
        double[] l = logits(state);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            if (v > max) { // not Math.max, whose NaN and signed-zero handling costs a dependent chain per entry
                max = v;
            }
        }
        double sum = 0;
        for (double v : l) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        for (int x = 0; x < l.length; x++) {
            l[x] -= lse;
        }
        return l;
    }

    /**
     * @param state the chosen pool indices of a non-terminal state
     * @return the learned residual log-flow {@code log F̃(state)}; the full flow adds {@code JMI(state)/T}
     */
    public double logFlowTilde(int[] state) {
        float[] hdn = times(context(state), flowWeights, flowBias);
        double s = flowOutBias;
        for (int h = 0; h < width; h++) {
            if (hdn[h] > 0) {
                s += flowOut[h] * hdn[h];
            }
        }
        return s;
    }
}
