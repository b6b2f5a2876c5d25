package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable BatchGFN policy over one pool, in float32: the estimator of the forward policy {@code PF} and the
 * residual log-flow {@code log F̃}, in torchgfn's terms. It knows its pool, its architecture, its parameters
 * ({@link PolicyParameters}), the trajectory length B it samples and the optional train-set conditioning
 * ({@link TrainingSetEncoder}); it gives frozen copies for sampling ({@link #snapshot()}) and batched passes over the
 * states of a step ({@link #forward(int[][])}, {@link PolicyPass}) with their backward pass. It knows nothing of
 * the objective: the SubTB loss ({@code gflownet.loss.SubTrajectoryBalanceLoss}) turns a pass's outputs into a
 * loss and its gradient, and the trainer chooses λ.
 * <p>
 * Architecture (paper appendix A.2), with H the hidden width:
 * <ul>
 *   <li>encoder, shared by all pool points: {@code e_x = relu(… relu(γ(x) W₀ + b₀) … W_{L−1} + b_{L−1})} (N×H),
 *       where {@code γ} is the architecture's fixed input map ({@link FourierFeatures}; the identity in the
 *       paper);</li>
 *   <li>context of a state: {@code c_S = Σ_{x∈S} e_x} (set invariant; {@code c_∅ = 0});</li>
 *   <li>policy head: {@code logit(x | S) = v · relu(W₁ e_x + W₂ c_S + b)}, masked on chosen points and soft-maxed
 *       over the unchosen pool points. The first layer is split: {@code A = E W₁ + b} is computed once per pass for
 *       the whole pool (N×H), {@code G = C W₂} once per state (S×H), and they meet per (state, point, unit);</li>
 *   <li>log-flow head on the context: {@code log F̃(S) = u · relu(U c_S + a) + a₀}.</li>
 * </ul>
 * The encoder is shared by the policy and the flow heads; the backward policy is uniform. Parameters:
 * {@link PolicyParameters}.
 * <p>
 * Optional train-set conditioning (paper §3.2 and appendix A.2): a second encoder of the same depth and width
 * embeds each standardised training pair as {@code [γ(x), y]}, averaged into {@code t = (1/M) Σ_i enc_T(x_i, y_i)}
 * ({@code t = 0} for M = 0; the mean rather than the paper's sum keeps Adam's steps on {@code W₃} from growing with
 * M), concatenated to both heads' first-layer inputs: {@code W₃ t} and {@code U₃ t} shift the first-layer biases.
 * Set with {@link #conditionOn(double[][])}; kept by {@link TrainingSetEncoder}.
 * <p>
 * <b>What runs where.</b> Every dense product but the states' {@code G = C W₂} (below) runs as one float32 ND4J
 * {@code gemm} (BLAS) into preallocated arrays ({@link DenseLayers}): the pool encoder, {@code A = E W₁} (N×H; the bias
 * is added, and the transpose H×N that the kernel's logits read is taken, in Java: {@link PoolEncoding}), the flow
 * head's layer, and every weight gradient ({@code Eᵀ ∂A}, {@code ∂A W₁ᵀ}, {@code Cᵀ ∂G}, the encoder's {@code Xᵀ ∂Z},
 * …); products that do not depend on each other run side by side on the {@link ComputeThreads} threads
 * ({@code DenseLayers.concurrently}), each still one single-threaded call. The only term that grows with both pool and
 * states, {@code relu(A[x] + G[s])·v} and its gradient, has no BLAS form: it runs as a fused float32 loop
 * ({@link HeadKernel}, vectorised with the JDK Vector API when present) that never builds an S×N×H tensor, split into
 * fixed pool chunks over {@link ComputeThreads} threads and reduced in chunk order, so a seed gives bit-identical
 * training whatever the thread count. The pool encoding ({@link PoolEncoding}) is computed once and reused while the
 * encoder parameters are unchanged, so sampling and the training pass of a step share it; so are the logits of the
 * states the sampler evaluated ({@link #recordingSnapshot()}), for which the state projections {@code G = C W₂} (H² per
 * state) are computed in the same Java loop by sampler and pass ({@link StateProjection}) rather than as a BLAS
 * product. The optimiser updates the parameters in place with ND4J's Adam op ({@code AdamOptimizer}). A training step
 * creates no ND4J array and no pool-sized Java array (each costs tens of microseconds): a finished pass hands its work
 * arrays to the network's next pass ({@code PolicyPass.Workspace}), and the trainer keeps its gradient arrays
 * ({@link #newGradientArrays()}).
 * <p>
 * Mutable (its parameters are trained in place) and not thread-safe.
 */
public final class PolicyNetwork {

    private final PolicyArchitecture architecture;
    private final int batchSize;
    private final HeadKernel kernel = HeadKernel.instance();
    private final int poolSize;
    private final int inputDimension;
    private final int width;
    private final PolicyParameters parameters;
    /** The pool encoding cache (reused while the encoder parameters are unchanged). */
    private final PoolEncoding encoding;
    /** The train-set conditioning; null for an unconditioned network. */
    private final TrainingSetEncoder trainingSet;

    /**
     * An unconditioned network.
     *
     * @param standardizedPool the pool features, already standardised (see {@link PoolStandardizer}), N×d
     * @param architecture     width, depth and input map
     * @param batchSize        B, the number of points of a batch (the length of every trajectory), 1 ≤ B ≤ N
     * @param dataType         FLOAT (the engine computes in float32)
     * @param rng              source of the initial weights
     * @throws IllegalArgumentException if the pool is empty or ragged, B is outside {@code [1, N]}, or the type is
     *                                  not FLOAT
     */
    public PolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, int batchSize,
                         DataType dataType, SplittableRandom rng) {
        this(standardizedPool, architecture, batchSize, dataType, rng, false);
    }

    /**
     * A network that is optionally conditioned on a training set (see the class comment). With
     * {@code conditionOnTrainingSet = false} this is the same network, with the same initial weights for the same
     * random state, as the five-argument constructor.
     *
     * @param standardizedPool       the pool features, already standardised (see {@link PoolStandardizer}), N×d
     * @param architecture           width and depth (of both encoders) and input map
     * @param batchSize              B, the number of points of a batch (the length of every trajectory), 1 ≤ B ≤ N
     * @param dataType               FLOAT (the engine computes in float32)
     * @param rng                    source of the initial weights
     * @param conditionOnTrainingSet true to add the train-set encoder and context
     * @throws IllegalArgumentException if the pool is empty or ragged, B is outside {@code [1, N]}, or the type is
     *                                  not FLOAT
     */
    public PolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, int batchSize,
                         DataType dataType, SplittableRandom rng, boolean conditionOnTrainingSet) {
        if (standardizedPool.length == 0) {
            throw new IllegalArgumentException("the pool is empty: the policy needs at least one point");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (batchSize > standardizedPool.length) {
            throw new IllegalArgumentException("batch size " + batchSize + " exceeds the pool size "
                    + standardizedPool.length);
        }
        if (dataType != DataType.FLOAT) {
            throw new IllegalArgumentException("the policy network trains in float32: the data type must be FLOAT, got "
                    + dataType);
        }
        this.poolSize = standardizedPool.length;
        this.inputDimension = standardizedPool[0].length;
        for (int i = 0; i < poolSize; i++) {
            if (standardizedPool[i].length != inputDimension) {
                throw new IllegalArgumentException("pool row " + i + " has " + standardizedPool[i].length
                        + " features, row 0 has " + inputDimension);
            }
        }
        this.architecture = architecture;
        this.batchSize = batchSize;
        this.width = architecture.hiddenWidth();
        INDArray encoderInput = DenseLayers.fromRows(architecture.inputFeatures().apply(standardizedPool));
        this.parameters = PolicyParameters.initialise(architecture, encoderInputWidth(), conditionOnTrainingSet, rng);
        this.encoding = new PoolEncoding(parameters, architecture.encoderLayers(), encoderInput);
        this.trainingSet = conditionOnTrainingSet ? new TrainingSetEncoder(architecture, parameters, inputDimension)
                : null;
        ComputeThreads.get(); // configures ND4J's threads before the first product
    }

    /** @return N */
    public int poolSize() {
        return poolSize;
    }

    /** @return d */
    public int inputDimension() {
        return inputDimension;
    }

    /** @return B, the number of points of a batch: the length of every trajectory the network samples and scores */
    public int batchSize() {
        return batchSize;
    }

    /** @return the width of the pool encoder's input: d, or 2m with {@link FourierFeatures} */
    public int encoderInputWidth() {
        return architecture.inputFeatures().width(inputDimension);
    }

    /** @return the width of the train-set encoder's input: {@link #encoderInputWidth()} + 1 (the target) */
    public int trainingEncoderInputWidth() {
        return encoderInputWidth() + 1;
    }

    /** @return the architecture */
    public PolicyArchitecture architecture() {
        return architecture;
    }

    /** @return the storage and arithmetic type of the parameters: FLOAT */
    public DataType dataType() {
        return DataType.FLOAT;
    }

    /**
     * @return a short description of the fused head kernel in use ("vector-512/256": logits on 512-bit, gradient on
     *         256-bit vectors; or "plain")
     */
    public static String kernelDescription() {
        return HeadKernel.instance().description();
    }

    /** @return whether this network has a train-set encoder and context */
    public boolean isConditioned() {
        return trainingSet != null;
    }

    /** @return the width of a training pair row, {@code d + 1} (standardised features, then the target) */
    public int trainingPairDimension() {
        return inputDimension + 1;
    }

    /**
     * Conditions the network on a training set: every later pass and snapshot uses its context. An empty set gives
     * the zero context.
     *
     * @param standardizedPairs M rows {@code [x₁ … x_d, y]}, features standardised like the pool and the target
     *                          standardised (see {@link TrainingPairs}); copied
     * @throws IllegalStateException    if the network was built without train-set conditioning
     * @throws IllegalArgumentException for a row of the wrong width or a non-finite value
     */
    public void conditionOn(double[][] standardizedPairs) {
        requireConditioned().conditionOn(standardizedPairs);
    }

    private TrainingSetEncoder requireConditioned() {
        if (trainingSet == null) {
            throw new IllegalStateException("this policy network was built without train-set conditioning");
        }
        return trainingSet;
    }

    /** @return a copy of the training pairs the network is conditioned on (empty if none or unconditioned) */
    public double[][] trainingPairs() {
        return trainingSet == null ? new double[0][] : trainingSet.pairs();
    }

    /**
     * The train-set context {@code t = (1/M) Σ_i enc_T(x_i, y_i)} of the current M training pairs (0 if M = 0).
     *
     * @return the context (length H)
     * @throws IllegalStateException if the network is not conditioned
     */
    public double[] trainingSetContext() {
        float[] t = requireConditioned().context().vector().toFloatVector();
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i];
        }
        return out;
    }

    /**
     * A network with the same architecture, conditioning, training pairs and parameter values over another pool
     * and batch size (the parameters do not depend on N or B). Used to carry a policy from one acquisition round,
     * or one lookahead pool, to the next.
     *
     * @param standardizedPool the new pool, standardised with the same constants as this network's pool
     * @param newBatchSize     B on the new pool
     * @return the copy; training it does not change this network
     */
    public PolicyNetwork copyOnPool(double[][] standardizedPool, int newBatchSize) {
        PolicyNetwork copy = new PolicyNetwork(standardizedPool, architecture, newBatchSize, DataType.FLOAT,
                new SplittableRandom(0), isConditioned());
        copy.copyParametersFrom(this);
        if (trainingSet != null) {
            copy.trainingSet.copyPairsFrom(trainingSet);
        }
        return copy;
    }

    /**
     * Overwrites every parameter with the other network's values.
     *
     * @param other a network with the same architecture and conditioning (any pool)
     * @throws IllegalArgumentException if the parameter sets differ
     */
    public void copyParametersFrom(PolicyNetwork other) {
        parameters.copyFrom(other.parameters);
    }

    /**
     * The live parameter arrays, by name, in the stable order of {@link PolicyParameters}. Updating them in place
     * changes the network.
     *
     * @return an unmodifiable map from parameter name to its array
     */
    public Map<String, INDArray> parameters() {
        return parameters.arrays();
    }

    /**
     * A frozen, gradient-free copy of the current policy: the pool encoded once and the head's point projection
     * {@code W₁ e_x + b} precomputed, so each state then costs {@code H² + O(N·H)}.
     *
     * @return the snapshot
     */
    public PolicySnapshot snapshot() {
        return snapshot(false);
    }

    /**
     * A {@link #snapshot()} that also records the logits of every state it evaluates, for the training pass of
     * the same step: {@link #forward(int[][], PolicySnapshot)} over trajectories sampled from it takes their states'
     * logits from the record instead of computing them again (bit for bit the same values), and the record answers
     * repeated states (every trajectory's empty state) at once. The record grows by N floats per distinct state
     * evaluated, so use one for one step's sampling, not for sampling many batches.
     *
     * @return the recording snapshot
     */
    public PolicySnapshot recordingSnapshot() {
        return snapshot(true);
    }

    private PolicySnapshot snapshot(boolean recording) {
        PoolEncoding enc = encoding();
        float[] headShift = new float[width];
        float[] flowBias = parameters.values(PolicyParameters.FLOW_BIAS);
        if (trainingSet != null) {
            TrainingSetEncoder.Context train = trainingSet.context();
            headShift = train.headShift.toFloatVector();
            float[] flowShift = train.flowShift.toFloatVector();
            for (int j = 0; j < width; j++) {
                flowBias[j] += flowShift[j];
            }
        }
        return new PolicySnapshot(kernel, poolSize, width, enc.embeddings(), enc.projectionT(), headShift,
                parameters.values(PolicyParameters.HEAD_STATE_WEIGHT), parameters.values(PolicyParameters.HEAD_OUT),
                parameters.values(PolicyParameters.FLOW_WEIGHT), flowBias,
                parameters.values(PolicyParameters.FLOW_OUT), parameters.values(PolicyParameters.FLOW_OUT_BIAS)[0],
                recording);
    }

    /**
     * The forward pass over every non-terminal state of complete trajectories, with the intermediates its
     * backward pass needs.
     *
     * @param trajectories one row of B distinct pool indices per trajectory, in selection order
     * @return the pass: {@code log PF} and {@code log F̃} per state, and {@link PolicyPass#backward}
     * @throws IllegalArgumentException if there are no trajectories, a row's length is not B, or an action is
     *                                  outside the pool or repeated
     */
    public PolicyPass forward(int[][] trajectories) {
        return new PolicyPass(this, trajectories, null);
    }

    /**
     * {@link #forward(int[][])} over trajectories sampled from a {@link #recordingSnapshot()}: the logits of every
     * state the snapshot evaluated are taken from its record, the others computed. The result is bit for bit that of
     * {@link #forward(int[][])}; a snapshot taken before the parameters last changed, or one that does not record,
     * is ignored.
     *
     * @param trajectories one row of B distinct pool indices per trajectory, in selection order
     * @param sampledWith  the snapshot the trajectories were sampled from, or null
     * @return the pass
     * @throws IllegalArgumentException as {@link #forward(int[][])}
     */
    public PolicyPass forward(int[][] trajectories, PolicySnapshot sampledWith) {
        return new PolicyPass(this, trajectories, sampledWith);
    }

    // Package-private views for PolicyPass.

    HeadKernel kernel() {
        return kernel;
    }

    PolicyParameters parameterStore() {
        return parameters;
    }

    /** @return the pool encoding under the current parameters */
    PoolEncoding encoding() {
        return encoding.update();
    }

    /**
     * The work arrays of the last pass whose backward pass finished, for the next pass to reuse (or null): a fresh
     * 2000×64 float array costs 65–90 µs to allocate on the project's machine, more than a pass over one that is
     * already in cache, and a small ND4J array 20–80 µs.
     */
    private PolicyPass.Workspace spareWorkspace;

    /** @return the spare workspace of a finished pass, now the caller's (null if there is none) */
    PolicyPass.Workspace takeSpareWorkspace() {
        PolicyPass.Workspace spare = spareWorkspace;
        spareWorkspace = null;
        return spare;
    }

    /** Keeps a finished pass's workspace for the next pass (the caller must not use it any more). */
    void giveSpareWorkspace(PolicyPass.Workspace workspace) {
        spareWorkspace = workspace;
    }

    /**
     * New float32 arrays shaped like the parameters, for a caller that keeps the gradients' arrays from step to step
     * ({@link PolicyPass#backward(double[], double[], Map)}, as {@code BatchGfnTrainer} does).
     *
     * @return one uninitialised array per parameter, by name, in the order of {@link #parameters()}
     */
    public Map<String, INDArray> newGradientArrays() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> p : parameters.arrays().entrySet()) {
            out.put(p.getKey(), DenseLayers.matrix(p.getValue().size(0), p.getValue().size(1)));
        }
        return out;
    }

    /** @return the train-set context under the current parameters and pairs, or null if unconditioned */
    TrainingSetEncoder.Context trainingSetContextPass() {
        return trainingSet == null ? null : trainingSet.context();
    }
}
