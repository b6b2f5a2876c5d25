package org.batchgfn.gflownet.policy;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * One batched pass of a {@link PolicyNetwork} over the {@code S = T_b·B} non-terminal states of a set of complete
 * trajectories (state {@code s = t·B + k} holds the first k actions of trajectory t): the forward pass gives every
 * state's {@code log PF(a_s | s)} and learned residual log-flow {@code log F̃(s)}; {@link #backward} takes the
 * gradient of any objective with respect to those 2S outputs and returns its gradient with respect to every
 * parameter. The objective itself (SubTB) is the loss's business ({@code SubTrajectoryBalanceLoss}); this class is
 * the network's side only, the estimator in torchgfn's terms.
 * <p>
 * What runs where: the context sums {@code c_{t,k} = Σ_{m<k} e_{a_m}}, the small per-state loops and
 * {@code G = C W₂ + t W₃} in Java ({@link StateProjection}, the sampling snapshot's order, so that the logits of a
 * state the step's sampler evaluated can be taken from the snapshot's record: see
 * {@link PolicyNetwork#forward(int[][], PolicySnapshot)}); the flow head's layer and every weight gradient as
 * float32 ND4J products ({@link DenseLayers}); the S×N×H head term and its gradient in the fused {@link HeadKernel},
 * over fixed pool chunks on {@link ComputeThreads} threads with partial sums added in chunk order (so the result does
 * not depend on the thread count), then per group of 16 units on the same threads {@code ∂v} from the kernel's sums
 * ({@link HeadKernel#outputGradient}), the factor v of {@code ∂A} and {@code ∂G} and the bias gradient
 * ({@code headGradients}); the masked softmax and {@code δ} per state, states in parallel. The pool encoding comes
 * from the network's cache.
 * <p>
 * Keeps the intermediates the backward pass needs; {@link #backward} may be called once (it overwrites the
 * probabilities with the head's gradient). Not thread-safe.
 */
public final class PolicyPass {

    /** Floats in a 64-byte cache line (padding between the threads' partial sums). */
    private static final int CACHE_LINE_FLOATS = 16;

    /** Units per task of the head's gradient post-pass ({@link #headGradients}): a cache line of floats. */
    private static final int UNIT_GROUP = CACHE_LINE_FLOATS;

    /** Below this many (state, point, unit) triples a pass runs on the calling thread only (same results). */
    private static final long PARALLEL_WORK = 1 << 20;

    private final PolicyNetwork network;
    private final HeadKernel kernel;
    private final PolicyParameters parameters;
    private final int poolSize;
    private final int b;
    private final int h;
    private final int states;
    private final int[][] actions;
    private final PoolEncoding enc;
    private final INDArray context;         // S×H
    private final float[] flowPre;          // S×H, C·U + a (+ t U₃)
    private final float[] stateProjection;  // S×H, C·W₂ (+ t W₃)
    private final double[] logFlowTilde;    // S
    private final double[] logForward;      // S
    /** S×N: after the forward pass PF(x | s) (0 at chosen points); the backward pass turns it into δ. */
    private final float[] probabilities;
    private final float[] headOut;
    private final float[] flowOut;
    private final TrainingSetEncoder.Context train;
    /** The work arrays, handed to the network for its next pass when the backward pass is done. */
    private final Workspace work;
    // Slots of the workspace's Java arrays …
    private static final int PROBABILITIES = 0;
    private static final int POINT_GRADIENT = 1;
    // … and of its ND4J arrays
    private static final int CONTEXT = 0;
    private static final int FLOW_PRE = 1;
    private static final int STATE_GRADIENT = 2;
    private static final int CONTEXT_GRADIENT = 3;
    private static final int FLOW_PRE_GRADIENT = 4;

    /** States whose logits came from the sampler's record. */
    private final int reused;
    private boolean backwardDone;

    /**
     * Runs the forward pass.
     *
     * @param network the network (its current parameters)
     * @param actions     one row of B distinct pool indices per trajectory
     * @param sampledWith the recording snapshot the trajectories were sampled from (its recorded logits are
     *                    reused when it computes as this pass does), or null
     */
    PolicyPass(PolicyNetwork network, int[][] actions, PolicySnapshot sampledWith) {
        if (actions.length == 0) {
            throw new IllegalArgumentException("no trajectories: a training step needs at least one");
        }
        this.network = network;
        this.kernel = network.kernel();
        this.parameters = network.parameterStore();
        this.poolSize = network.poolSize();
        this.h = network.architecture().hiddenWidth();
        this.b = network.batchSize();
        this.actions = new int[actions.length][];
        for (int t = 0; t < actions.length; t++) {
            if (actions[t].length != b) {
                throw new IllegalArgumentException("trajectory " + t + " has length " + actions[t].length
                        + " but the network was built for B = " + b);
            }
            boolean[] seen = new boolean[poolSize];
            for (int k = 0; k < b; k++) {
                int a = actions[t][k];
                if (a < 0 || a >= poolSize || seen[a]) {
                    throw new IllegalArgumentException("trajectory " + t + " step " + k + " takes action " + a
                            + ", which is outside the pool or already chosen");
                }
                seen[a] = true;
            }
            this.actions[t] = actions[t];
        }
        this.states = actions.length * b;
        // The last finished pass's work arrays when the network has them, else new ones.
        Workspace spare = network.takeSpareWorkspace();
        work = spare != null ? spare : new Workspace();

        enc = network.encoding();
        float[] e = enc.embeddings();
        // Contexts: c_{t,0} = 0, c_{t,k} = c_{t,k-1} + e_{a_{k-1}}.
        float[] c = new float[states * h];
        for (int s = 0; s < states; s++) {
            if (s % b != 0) {
                int ex = action(s - 1) * h;
                for (int j = 0; j < h; j++) {
                    c[s * h + j] = c[(s - 1) * h + j] + e[ex + j];
                }
            }
        }
        context = work.matrix(CONTEXT, states, h);
        ParameterArrays.writeFloats(c, context);
        train = network.trainingSetContextPass();
        // G = C W₂ + t W₃ row by row in the sampling snapshot's order (StateProjection), so that a state's logits
        // are the bits the step's sampler computed and may be taken from its record.
        float[] w2 = parameters.values(PolicyParameters.HEAD_STATE_WEIGHT);
        float[] headShift = train != null ? train.headShift.toFloatVector() : new float[h];
        stateProjection = new float[states * h];
        parallel(states, s -> StateProjection.project(c, s * h, w2, headShift, h, stateProjection, s * h));
        INDArray q = DenseLayers.product(context, false, parameters.get(PolicyParameters.FLOW_WEIGHT), false,
                work.matrix(FLOW_PRE, states, h));
        // The bias (and the training set's shift) added in Java, in that order: the bits of ND4J's addiRowVector,
        // without two native calls (about 100 µs each here).
        flowPre = ParameterArrays.readFloats(q, new float[states * h]);
        float[] flowBias = parameters.values(PolicyParameters.FLOW_BIAS);
        float[] flowShift = train != null ? train.flowShift.toFloatVector() : null;
        for (int s = 0; s < states; s++) {
            for (int j = 0; j < h; j++) {
                float v = flowPre[s * h + j] + flowBias[j];
                flowPre[s * h + j] = flowShift != null ? v + flowShift[j] : v;
            }
        }
        flowOut = parameters.values(PolicyParameters.FLOW_OUT);
        double flowOutBias = parameters.values(PolicyParameters.FLOW_OUT_BIAS)[0];
        logFlowTilde = new double[states];
        for (int s = 0; s < states; s++) {
            double v = flowOutBias;
            for (int j = 0; j < h; j++) {
                v += flowOut[j] * Math.max(0f, flowPre[s * h + j]);
            }
            logFlowTilde[s] = v;
        }
        headOut = parameters.values(PolicyParameters.HEAD_OUT);
        probabilities = work.floats(PROBABILITIES, states * poolSize);
        float[] aT = enc.projectionT();
        float[][] recorded = new float[states][];
        int[] missing = new int[states];
        int missingCount = 0;
        boolean reuse = sampledWith != null && sampledWith.computesAs(aT, w2, headOut, headShift);
        for (int s = 0; s < states; s++) {
            recorded[s] = reuse ? sampledWith.recordedLogits(Arrays.copyOf(this.actions[s / b], s % b)) : null;
            if (recorded[s] == null) {
                missing[missingCount++] = s;
            }
        }
        reused = states - missingCount;
        if (missingCount == states) {
            kernel.logitsOfPool(aT, poolSize, headOut, stateProjection, states, probabilities, worthThreads());
        } else if (missingCount > 0) {
            // The states the sampler did not evaluate (ε-random steps, replayed trajectories), as a compact block.
            int m = missingCount;
            float[] g = new float[m * h];
            for (int i = 0; i < m; i++) {
                System.arraycopy(stateProjection, missing[i] * h, g, i * h, h);
            }
            float[] out = new float[m * poolSize];
            kernel.logitsOfPool(aT, poolSize, headOut, g, m, out, worthThreads());
            for (int i = 0; i < m; i++) {
                System.arraycopy(out, i * poolSize, probabilities, missing[i] * poolSize, poolSize);
            }
        }
        logForward = new double[states];
        parallel(states, s -> {
            int t = s / b;
            int k = s % b;
            int o = s * poolSize;
            if (recorded[s] != null) {
                System.arraycopy(recorded[s], 0, probabilities, o, poolSize);
            }
            for (int m = 0; m < k; m++) {
                probabilities[o + this.actions[t][m]] = Float.NEGATIVE_INFINITY;
            }
            float chosen = probabilities[o + this.actions[t][k]];
            logForward[s] = chosen - kernel.softmax(probabilities, o, poolSize);
        });
    }

    /** Runs the tasks over the kernel threads, or inline when the pass is too small to pay for a hand-off. */
    private void parallel(int tasks, IntConsumer task) {
        ComputeThreads.run(tasks, task, worthThreads());
    }

    /** Whether this pass is large enough to hand work to the other threads. */
    private boolean worthThreads() {
        return (long) states * poolSize * h >= PARALLEL_WORK;
    }

    /**
     * Turns the probabilities of states {@code [s0, s0 + 4)} (fewer at the end) into {@code δ}, in place:
     * {@code δ[s,x] = −w_s·PF(x | s)} off the action and {@code w_s·Σ_{x ≠ a_s} PF(x | s)} at it, the sum taken in
     * double in pool order. The four states' sums run in one loop: each is a chain of dependent additions, and four
     * independent chains keep the adder busy where one waits on its own latency (same order per state, so the same
     * sums). Groups of four states are independent, so they may run on different threads.
     */
    private void toDelta(float[] p, double[] dLogForward, int s0) {
        int count = Math.min(4, states - s0);
        double[] sums = new double[4];
        if (count == 4) {
            int o0 = s0 * poolSize;
            int o1 = o0 + poolSize;
            int o2 = o1 + poolSize;
            int o3 = o2 + poolSize;
            int a0 = action(s0);
            int a1 = action(s0 + 1);
            int a2 = action(s0 + 2);
            int a3 = action(s0 + 3);
            double t0 = 0;
            double t1 = 0;
            double t2 = 0;
            double t3 = 0;
            for (int x = 0; x < poolSize; x++) {
                if (x != a0) {
                    t0 += p[o0 + x];
                }
                if (x != a1) {
                    t1 += p[o1 + x];
                }
                if (x != a2) {
                    t2 += p[o2 + x];
                }
                if (x != a3) {
                    t3 += p[o3 + x];
                }
            }
            sums[0] = t0;
            sums[1] = t1;
            sums[2] = t2;
            sums[3] = t3;
        } else {
            for (int i = 0; i < count; i++) {
                int o = (s0 + i) * poolSize;
                int a = action(s0 + i);
                double sum = 0;
                for (int x = 0; x < poolSize; x++) {
                    if (x != a) {
                        sum += p[o + x];
                    }
                }
                sums[i] = sum;
            }
        }
        for (int i = 0; i < count; i++) {
            int s = s0 + i;
            double w = dLogForward[s];
            int o = s * poolSize;
            for (int x = 0; x < poolSize; x++) {
                p[o + x] = FlushToZero.toFloat(-w * p[o + x]);
            }
            p[o + action(s)] = FlushToZero.toFloat(w * sums[i]);
        }
    }

    /**
     * The head's gradients for units {@code [j0, j1)} from the kernel's sums: {@code ∂G} (the chunks' partial sums
     * added in chunk order), {@code ∂v} ({@link HeadKernel#outputGradient}, from the unscaled sums), then
     * {@code ∂A ← ∂A∘v} and {@code ∂G ← ∂G∘v} with subnormal products flushed ({@link FlushToZero}: ∂A enters two BLAS
     * products) and the bias gradient, {@code ∂A}'s column sums in point order. Touches only those units' columns, so
     * disjoint ranges may run on different threads.
     */
    private void headGradients(int j0, int j1, float[][] dGPart, float[] dA, float[] dG, float[] dV,
                               float[] dHeadBias) {
        int width = j1 - j0;
        for (float[] part : dGPart) {
            for (int s = 0; s < states; s++) {
                int at = s * h + j0;
                for (int j = 0; j < width; j++) {
                    dG[at + j] += part[at + j];
                }
            }
        }
        HeadKernel.outputGradient(enc.projection(), poolSize, h, stateProjection, states, dA, dG, j0, j1, dV);
        float[] v = headOut;
        float[] bias = new float[width];
        for (int x = 0; x < poolSize; x++) {
            int at = x * h + j0;
            for (int j = 0; j < width; j++) {
                float d = FlushToZero.flush(dA[at + j] * v[j0 + j]);
                dA[at + j] = d;
                bias[j] += d;
            }
        }
        System.arraycopy(bias, 0, dHeadBias, j0, width);
        for (int s = 0; s < states; s++) {
            int at = s * h + j0;
            for (int j = 0; j < width; j++) {
                dG[at + j] = FlushToZero.flush(dG[at + j] * v[j0 + j]);
            }
        }
    }

    /** Throws unless {@code into} holds exactly one writable float32 array per parameter, of its shape. */
    private void checkGradientArrays(Map<String, INDArray> into) {
        Map<String, INDArray> params = parameters.arrays();
        if (!into.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException("gradient arrays are for " + into.keySet() + ", the parameters are "
                    + params.keySet());
        }
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            INDArray g = into.get(p.getKey());
            if (!ParameterArrays.isDirectFloat(g) || !Arrays.equals(g.shape(), p.getValue().shape())) {
                throw new IllegalArgumentException("gradient array for " + p.getKey() + " must be a contiguous "
                        + "float32 c-ordered " + Arrays.toString(p.getValue().shape()) + " array that is not a view, got "
                        + g.dataType() + " " + g.ordering() + " " + Arrays.toString(g.shape())
                        + (g.isView() ? " (a view)" : ""));
            }
        }
    }

    private int action(int s) {
        return actions[s / b][s % b];
    }

    /** @return how many states' logits were taken from the sampling snapshot's record (0 without one) */
    int reusedStates() {
        return reused;
    }

    /** @return S, the number of states ({@code T_b·B}) */
    public int states() {
        return states;
    }

    /** @return B, the trajectory length */
    public int trajectoryLength() {
        return b;
    }

    /** @return {@code log PF(a_s | s)} of every state s (length S, state {@code t·B + k}); a copy */
    public double[] logForward() {
        return logForward.clone();
    }

    /** @return the learned residual log-flow {@code log F̃(s)} of every state (length S); a copy */
    public double[] logFlowTilde() {
        return logFlowTilde.clone();
    }

    /**
     * The backward pass: the gradient of an objective with respect to every parameter, given its gradient with
     * respect to the pass's outputs, in new arrays.
     *
     * @param dLogForward  ∂L/∂log PF(a_s | s), length S
     * @param dLogFlowTilde ∂L/∂log F̃(s), length S
     * @return gradient arrays by parameter name (same names, order and shapes as
     *         {@link PolicyNetwork#parameters()}, FLOAT)
     * @throws IllegalArgumentException if a gradient has the wrong length
     * @throws IllegalStateException    if called a second time
     */
    public Map<String, INDArray> backward(double[] dLogForward, double[] dLogFlowTilde) {
        return backward(dLogForward, dLogFlowTilde, network.newGradientArrays());
    }

    /**
     * {@link #backward(double[], double[])} into arrays the caller keeps between steps
     * ({@link PolicyNetwork#newGradientArrays()}): every entry of every array is overwritten.
     *
     * @param dLogForward  ∂L/∂log PF(a_s | s), length S
     * @param dLogFlowTilde ∂L/∂log F̃(s), length S
     * @param into          one array per parameter name, shaped like the parameter, float32, c-ordered, not a view
     * @return {@code into}, holding the gradients
     * @throws IllegalArgumentException if a gradient has the wrong length or {@code into} does not match the
     *                                  parameters
     * @throws IllegalStateException    if called a second time
     */
    public Map<String, INDArray> backward(double[] dLogForward, double[] dLogFlowTilde, Map<String, INDArray> into) {
        if (dLogForward.length != states || dLogFlowTilde.length != states) {
            throw new IllegalArgumentException("expected " + states + " gradients of each output, got "
                    + dLogForward.length + " and " + dLogFlowTilde.length);
        }
        checkGradientArrays(into);
        if (backwardDone) {
            throw new IllegalStateException("the backward pass of a PolicyPass runs once");
        }
        backwardDone = true;
        Map<String, INDArray> grads = into;

        // Policy head. log PF(a|s) = logit[a] − LSE over unchosen points, so
        // δ[s,x] = ∂L/∂logit[s,x] = ∂L/∂logPF_s · (1[x = a_s] − PF(x|s)), and 0 at chosen points.
        // At the action, 1 − PF(a|s) is summed from the other points' probabilities rather than subtracted from
        // 1: a nearly deterministic policy (PF(a|s) → 1 at low temperature) would otherwise lose its gradient to
        // float32 cancellation. Subnormal values of δ are flushed to 0 (FlushToZero), which the kernel then skips.
        float[] delta = probabilities;
        parallel((states + 3) / 4, group -> toDelta(delta, dLogForward, 4 * group));
        int chunks = HeadKernel.chunks(poolSize);
        float[] dA = work.floats(POINT_GRADIENT, poolSize * h);
        // Each chunk's partial sums in its own array, padded by a cache line, so that two threads never write to
        // one line.
        float[][] dGPart = new float[chunks][states * h + CACHE_LINE_FLOATS];
        float[] a = enc.projection();
        float[] gs = stateProjection;
        parallel(chunks, chunk -> {
            int x0 = chunk * HeadKernel.CHUNK;
            int x1 = Math.min(poolSize, x0 + HeadKernel.CHUNK);
            Arrays.fill(dA, x0 * h, x1 * h, 0f); // the kernel adds to its chunk's rows (a reused array)
            kernel.backward(a, poolSize, h, gs, delta, states, x0, x1, dA, dGPart[chunk]);
        });
        // Per group of units, on the kernel threads: ∂G's partial sums in chunk order, ∂v from the unscaled sums, then
        // the factor v of ∂/∂(A, G) and the bias gradient's column sums in point order (headGradients). Every entry's
        // operations are the same whichever group or thread runs them, so the result does not depend on either.
        float[] dG = new float[states * h];
        float[] dV = new float[h];
        float[] dHeadBias = new float[h];
        parallel((h + UNIT_GROUP - 1) / UNIT_GROUP, group -> headGradients(group * UNIT_GROUP,
                Math.min(h, (group + 1) * UNIT_GROUP), dGPart, dA, dG, dV, dHeadBias));
        ParameterArrays.writeFloats(dV, grads.get(PolicyParameters.HEAD_OUT));
        ParameterArrays.writeFloats(dHeadBias, grads.get(PolicyParameters.HEAD_BIAS));
        INDArray[] scratch = enc.backwardScratch();
        INDArray dProjection = scratch[0];
        INDArray dEmbeddings = scratch[1];
        ParameterArrays.writeFloats(dA, dProjection);
        INDArray e = enc.embeddingArray();
        INDArray w1 = parameters.get(PolicyParameters.HEAD_POINT_WEIGHT);
        // ∂W₁ = Eᵀ ∂A and ∂E = ∂A W₁ᵀ: independent products, one per thread.
        DenseLayers.concurrently(dA.length, i -> {
            if (i == 0) {
                DenseLayers.product(e, true, dProjection, false, grads.get(PolicyParameters.HEAD_POINT_WEIGHT));
            } else {
                DenseLayers.product(dProjection, false, w1, true, dEmbeddings);
            }
        }, 2);
        INDArray dGArray = work.matrix(STATE_GRADIENT, states, h);
        ParameterArrays.writeFloats(dG, dGArray);
        DenseLayers.product(context, true, dGArray, false, grads.get(PolicyParameters.HEAD_STATE_WEIGHT));
        INDArray dContext = DenseLayers.product(dGArray, false, parameters.get(PolicyParameters.HEAD_STATE_WEIGHT),
                true, work.matrix(CONTEXT_GRADIENT, states, h));

        // Flow head: log F̃ = u·relu(q) + a₀ with q = C U + a.
        float[] dFlowPre = new float[states * h];
        float[] dFlowOut = new float[h];
        float dFlowBias = 0f;
        for (int s = 0; s < states; s++) {
            float w = (float) dLogFlowTilde[s];
            dFlowBias += w;
            for (int j = 0; j < h; j++) {
                float q = flowPre[s * h + j];
                if (q > 0) {
                    dFlowOut[j] += w * q;
                    dFlowPre[s * h + j] = w * flowOut[j];
                }
            }
        }
        INDArray dFlowPreArray = work.matrix(FLOW_PRE_GRADIENT, states, h);
        ParameterArrays.writeFloats(dFlowPre, dFlowPreArray);
        DenseLayers.product(context, true, dFlowPreArray, false, grads.get(PolicyParameters.FLOW_WEIGHT));
        DenseLayers.columnSums(dFlowPreArray, grads.get(PolicyParameters.FLOW_BIAS));
        ParameterArrays.writeFloats(dFlowOut, grads.get(PolicyParameters.FLOW_OUT));
        ParameterArrays.writeFloats(new float[]{dFlowBias}, grads.get(PolicyParameters.FLOW_OUT_BIAS));
        DenseLayers.addProduct(dFlowPreArray, false, parameters.get(PolicyParameters.FLOW_WEIGHT), true, dContext);
        if (train != null) {
            train.backward(grads.get(PolicyParameters.HEAD_BIAS), grads.get(PolicyParameters.FLOW_BIAS), grads);
        }

        // Contexts: c_{t,k} = Σ_{m<k} e_{a_m}, so ∂e_{a_m} += Σ_{k>m} ∂c_{t,k}.
        float[] dC = ParameterArrays.readFloats(dContext, new float[states * h]);
        FloatPointer dE = new FloatPointer(dEmbeddings.data().pointer());
        float[] row = new float[h];
        for (int t = 0; t < actions.length; t++) {
            float[] suffix = new float[h];
            for (int k = b - 1; k >= 1; k--) {
                int s = t * b + k;
                for (int j = 0; j < h; j++) {
                    suffix[j] += dC[s * h + j];
                }
                long at = (long) actions[t][k - 1] * h;
                dE.position(at).get(row);
                for (int j = 0; j < h; j++) {
                    row[j] += suffix[j];
                }
                dE.position(at).put(row);
            }
        }

        // Encoder, last layer first.
        int layers = network.architecture().encoderLayers();
        DenseLayers.backward(enc.input(), parameters.encoderWeights(layers), enc.layerOutputs(), dEmbeddings,
                scratch[2], PolicyParameters.layers(grads, layers, true, false),
                PolicyParameters.layers(grads, layers, false, false), enc.javaScratch());
        network.giveSpareWorkspace(work);
        return grads;
    }

    /**
     * A pass's work arrays (Java: the S×N probabilities and ∂A, N×H; ND4J: five S×H arrays), which a
     * network hands from a finished pass to its next ({@link PolicyNetwork#takeSpareWorkspace()}) instead of
     * allocating them at every step. Every entry is written before it is read.
     */
    static final class Workspace {
        private final float[][] floats = new float[2][];
        private final INDArray[] arrays = new INDArray[5];

        /** @return the Java array in {@code slot}, replaced by a new one if missing or not {@code length} long */
        float[] floats(int slot, int length) {
            return DenseLayers.scratch(floats, slot, length);
        }

        /** @return the ND4J array in {@code slot}, replaced by a new one if missing or not rows×cols */
        INDArray matrix(int slot, int rows, int cols) {
            INDArray a = arrays[slot];
            if (a == null || a.size(0) != rows || a.size(1) != cols) {
                arrays[slot] = DenseLayers.matrix(rows, cols);
            }
            return arrays[slot];
        }
    }
}
