package org.batchgfn.gflownet.policy;

/**
 * A frozen copy of a {@link PolicyNetwork}'s forward policy and learned log-flow, evaluated without building any
 * graph. The pool embeddings {@code e_x} and the head's point projection {@code W₁ e_x + b} are precomputed, so a
 * state costs one H×H product ({@code W₂ c_S}) plus {@code 3·N·H} flops for the per-point head, which runs on the
 * same float32 kernel as training ({@link HeadKernel}), split over pool chunks when the pool is large enough to pay
 * for the threads. Log-probabilities are normalised in double. Immutable (but for its record) and thread-safe.
 * <p>
 * A <em>recording</em> snapshot ({@link PolicyNetwork#recordingSnapshot()}) keeps the float32 logits of every state
 * it evaluates, keyed by the state's points in selection order, and answers a state it has seen from that record
 * (the empty state, the first step of every trajectory, is then computed once per step). The training pass of the
 * same step ({@link PolicyNetwork#forward(int[][], PolicySnapshot)}) takes its logits from the record instead of
 * computing them again: the snapshot computes {@code G} ({@link StateProjection}) and the logits (the same
 * {@link HeadKernel} over the same pool chunks) exactly as the pass does, so they are the pass's own bits.
 */
public final class PolicySnapshot implements ForwardPolicy {

    /** A state as a sequence of chosen points, in selection order (the order its context was summed in). */
    private record Prefix(int[] points) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Prefix p && java.util.Arrays.equals(points, p.points);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(points);
        }
    }

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
    /** The logits of every state evaluated so far, by prefix; null unless recording. */
    private final java.util.concurrent.ConcurrentHashMap<Prefix, float[]> record;

    PolicySnapshot(HeadKernel kernel, int poolSize, int width, float[] embeddings, float[] pointProjectionT,
                   float[] stateShift, float[] stateWeights, float[] headOut, float[] flowWeights, float[] flowBias,
                   float[] flowOut, float flowOutBias, boolean recording) {
        this.record = recording ? new java.util.concurrent.ConcurrentHashMap<>() : null;
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

    private void checkIndices(int[] state) {
        for (int x : state) {
            if (x < 0 || x >= poolSize) {
                throw new IllegalArgumentException("state index " + x + " is outside the pool [0, " + poolSize + ")");
            }
        }
    }

    private float[] context(int[] state) {
        float[] c = new float[width];
        for (int x : state) {
            for (int h = 0; h < width; h++) {
                c[h] += embeddings[x * width + h];
            }
        }
        return c;
    }

    /**
     * @param state the chosen pool indices (distinct), in selection order
     * @return the unnormalised logits of every pool point, {@code −∞} at chosen points
     */
    @Override
    public double[] logits(int[] state) {
        checkIndices(state);
        float[] out = recordedLogits(state);
        if (out == null) {
            out = headLogits(state);
            if (record != null) {
                record.putIfAbsent(new Prefix(state.clone()), out);
            }
        }
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

    /** The float32 head logits of every pool point (chosen ones included), as the training pass computes them. */
    private float[] headLogits(int[] state) {
        float[] g = new float[width];
        StateProjection.project(context(state), 0, stateWeights, stateShift, width, g, 0);
        float[] out = new float[poolSize];
        kernel.logitsOfPool(pointProjectionT, poolSize, headOut, g, 1, out, (long) poolSize * width >= PARALLEL_WORK);
        return out;
    }

    /**
     * Whether this snapshot's logits are those a pass with these values computes: the same pool projection (the same
     * array, so the same encoding), {@code W₂}, {@code v} and shift.
     */
    boolean computesAs(float[] projectionT, float[] headStateWeights, float[] headOutput, float[] headShift) {
        return record != null && pointProjectionT == projectionT && java.util.Arrays.equals(stateWeights,
                headStateWeights) && java.util.Arrays.equals(headOut, headOutput)
                && java.util.Arrays.equals(stateShift, headShift);
    }

    /**
     * @param prefix the points of a state in selection order
     * @return its recorded float32 logits (chosen points not masked; not to be modified), or null if this
     *         snapshot did not evaluate that state or does not record
     */
    float[] recordedLogits(int[] prefix) {
        return record == null ? null : record.get(new Prefix(prefix));
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
        checkIndices(state);
        float[] hdn = new float[width];
        StateProjection.project(context(state), 0, flowWeights, flowBias, width, hdn, 0);
        double s = flowOutBias;
        for (int h = 0; h < width; h++) {
            if (hdn[h] > 0) {
                s += flowOut[h] * hdn[h];
            }
        }
        return s;
    }
}
