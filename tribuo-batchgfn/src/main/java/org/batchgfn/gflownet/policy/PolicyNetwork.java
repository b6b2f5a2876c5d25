package org.batchgfn.gflownet.policy;

import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable BatchGFN policy over one pool: the network's forward and backward pass over all {@code S = T_b·B}
 * non-terminal states of a training step, in float32.
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
 * Set with {@link #conditionOn(double[][])}.
 * <p>
 * <b>What runs where.</b> Every dense product runs as one float32 ND4J {@code gemm} (BLAS) into preallocated arrays
 * ({@link DenseLayers}): the pool encoder, {@code A = E W₁ + b} (N×H, and transposed, H×N, for the kernel's logits),
 * {@code G = C W₂}, the flow head's layer, and every weight gradient ({@code Eᵀ ∂A}, {@code ∂A W₁ᵀ}, {@code Cᵀ ∂G},
 * the encoder's {@code Xᵀ ∂Z}, …). The only term that grows with both pool and states, {@code relu(A[x] + G[s])·v}
 * and its gradient, has no BLAS form: it runs as a fused float32 loop ({@link HeadKernel}, vectorised with the JDK
 * Vector API when present) that never builds an S×N×H tensor, split into fixed pool chunks over
 * {@link ComputeThreads} threads and reduced in chunk order, so a seed gives bit-identical training whatever the
 * thread count. The pool encoding is computed once and reused while the encoder parameters are unchanged, so
 * sampling and the training pass of a step share it. The optimiser updates the parameters in place with ND4J's
 * Adam op ({@code AdamOptimizer}).
 * <p>
 * Mutable (its parameters are trained in place) and not thread-safe.
 */
public final class PolicyNetwork {

    /** Below this many (state, point, unit) triples a pass runs on the calling thread only (same results). */
    private static final long PARALLEL_WORK = 1 << 20;

    private final PolicyArchitecture architecture;
    private final SubTrajectoryBalanceLoss loss;
    private final HeadKernel kernel = HeadKernel.instance();
    /** The pool as the encoder's first layer sees it: {@code γ(pool)}, N×F. */
    private final INDArray encoderInput;
    private final int poolSize;
    private final int inputDimension;
    private final int width;
    private final PolicyParameters parameters;
    private final boolean conditioned;
    /** The standardised training pairs {@code [x…, y]} the network is conditioned on (M×(d+1); empty by default). */
    private double[][] trainingPairs = new double[0][];
    /** The training pairs as the train-set encoder's first layer sees them, {@code [γ(x), y]} (null when M = 0). */
    private INDArray trainingEncoderInput;
    /** The last pool encoding (reused while the encoder parameters are unchanged). */
    private Encoding encoding;
    /** Pool-sized scratch arrays of the backward pass, allocated once. */
    private INDArray dProjection;
    private INDArray dEmbeddings;
    private INDArray spare;
    private INDArray mask;

    /**
     * @param standardizedPool the pool features, already standardised (see {@link PoolStandardizer}), N×d
     * @param architecture     width and depth
     * @param loss             the SubTB loss (fixes B and λ)
     * @param dataType         FLOAT (the engine computes in float32)
     * @param rng              source of the initial weights
     * @throws IllegalArgumentException if the pool is empty or ragged, B exceeds the pool size, or the type is not
     *                                  FLOAT
     */
    public PolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, SubTrajectoryBalanceLoss loss,
                         DataType dataType, SplittableRandom rng) {
        this(standardizedPool, architecture, loss, dataType, rng, false);
    }

    /**
     * A network that is optionally conditioned on a training set (see the class comment). With
     * {@code conditionOnTrainingSet = false} this is the same network, with the same initial weights for the same
     * random state, as the five-argument constructor.
     *
     * @param standardizedPool       the pool features, already standardised (see {@link PoolStandardizer}), N×d
     * @param architecture           width and depth (of both encoders)
     * @param loss                   the SubTB loss (fixes B and λ)
     * @param dataType               FLOAT (the engine computes in float32)
     * @param rng                    source of the initial weights
     * @param conditionOnTrainingSet true to add the train-set encoder and context
     * @throws IllegalArgumentException if the pool is empty or ragged, B exceeds the pool size, or the type is not
     *                                  FLOAT
     */
    public PolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, SubTrajectoryBalanceLoss loss,
                         DataType dataType, SplittableRandom rng, boolean conditionOnTrainingSet) {
        if (standardizedPool.length == 0) {
            throw new IllegalArgumentException("the pool is empty: the policy needs at least one point");
        }
        if (loss.length() > standardizedPool.length) {
            throw new IllegalArgumentException("batch size " + loss.length() + " exceeds the pool size "
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
        this.loss = loss;
        this.width = architecture.hiddenWidth();
        this.encoderInput = floatMatrix(architecture.inputFeatures().apply(standardizedPool));
        this.conditioned = conditionOnTrainingSet;
        this.parameters = PolicyParameters.initialise(architecture, encoderInputWidth(), conditioned, rng);
        ComputeThreads.get(); // configures ND4J's threads before the first product
    }

    private static INDArray floatMatrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = (float) rows[r][c];
            }
        }
        INDArray out = DenseLayers.matrix(rows.length, cols);
        ParameterArrays.writeFloats(flat, out);
        return out;
    }

    /** @return N */
    public int poolSize() {
        return poolSize;
    }

    /** @return d */
    public int inputDimension() {
        return inputDimension;
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

    /** @return the loss the network is trained with */
    public SubTrajectoryBalanceLoss loss() {
        return loss;
    }

    /** @return the storage and arithmetic type of the parameters: FLOAT */
    public DataType dataType() {
        return DataType.FLOAT;
    }

    /** @return a short description of the fused head kernel in use ("vector-512" or "plain") */
    public static String kernelDescription() {
        return HeadKernel.instance().description();
    }

    /** @return whether this network has a train-set encoder and context */
    public boolean isConditioned() {
        return conditioned;
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
        if (!conditioned) {
            throw new IllegalStateException("this policy network was built without train-set conditioning");
        }
        double[][] copy = new double[standardizedPairs.length][];
        for (int i = 0; i < copy.length; i++) {
            if (standardizedPairs[i].length != trainingPairDimension()) {
                throw new IllegalArgumentException("training pair " + i + " has " + standardizedPairs[i].length
                        + " values, expected " + trainingPairDimension() + " (d features and the target)");
            }
            for (int j = 0; j < trainingPairDimension(); j++) {
                if (!Double.isFinite(standardizedPairs[i][j])) {
                    throw new IllegalArgumentException("training pair " + i + ", value " + j + " is "
                            + standardizedPairs[i][j] + "; must be finite");
                }
            }
            copy[i] = standardizedPairs[i].clone();
        }
        this.trainingPairs = copy;
        this.trainingEncoderInput = copy.length == 0 ? null : floatMatrix(trainingEncoderInput(copy));
    }

    /** {@code [γ(x), y]} of every pair {@code [x, y]}. */
    private double[][] trainingEncoderInput(double[][] pairs) {
        double[][] features = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            features[i] = Arrays.copyOf(pairs[i], inputDimension);
        }
        double[][] mapped = architecture.inputFeatures().apply(features);
        double[][] out = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            out[i] = Arrays.copyOf(mapped[i], mapped[i].length + 1);
            out[i][mapped[i].length] = pairs[i][inputDimension];
        }
        return out;
    }

    /** @return a copy of the training pairs the network is conditioned on (empty if none) */
    public double[][] trainingPairs() {
        double[][] out = new double[trainingPairs.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = trainingPairs[i].clone();
        }
        return out;
    }

    /**
     * The train-set context {@code t = (1/M) Σ_i enc_T(x_i, y_i)} of the current M training pairs (0 if M = 0).
     *
     * @return the context (length H)
     * @throws IllegalStateException if the network is not conditioned
     */
    public double[] trainingSetContext() {
        if (!conditioned) {
            throw new IllegalStateException("this policy network was built without train-set conditioning");
        }
        return toDouble(new TrainingSetContext().context.toFloatVector());
    }

    /**
     * A network with the same architecture, conditioning, training pairs and parameter values over another pool
     * and batch size (the parameters do not depend on N or B). Used to carry a policy from one acquisition round,
     * or one lookahead pool, to the next.
     *
     * @param standardizedPool the new pool, standardised with the same constants as this network's pool
     * @param batchSize        B of the new loss (same λ)
     * @return the copy; training it does not change this network
     */
    public PolicyNetwork copyOnPool(double[][] standardizedPool, int batchSize) {
        PolicyNetwork copy = new PolicyNetwork(standardizedPool, architecture,
                new SubTrajectoryBalanceLoss(loss.lambda(), batchSize), DataType.FLOAT, new SplittableRandom(0),
                conditioned);
        copy.copyParametersFrom(this);
        copy.trainingPairs = trainingPairs;
        copy.trainingEncoderInput = trainingEncoderInput;
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
     * @param parameterName a name from {@link #parameters()}
     * @return whether the parameter belongs to the log-flow head ({@code flow_*}), which trains with its own rate
     */
    public static boolean isFlowHeadParameter(String parameterName) {
        return PolicyParameters.isFlowHead(parameterName);
    }

    /**
     * @param parameterName a name from {@link #parameters()}
     * @return whether the parameter is the policy head's output layer ({@code head_out}), which trains with its
     *         own rate
     */
    public static boolean isLogitLayerParameter(String parameterName) {
        return PolicyParameters.isLogitLayer(parameterName);
    }

    /**
     * A frozen, gradient-free copy of the current policy: the pool encoded once and the head's point projection
     * {@code W₁ e_x + b} precomputed, so each state then costs {@code H² + O(N·H)}.
     *
     * @return the snapshot
     */
    public PolicySnapshot snapshot() {
        Encoding enc = encode();
        float[] headShift = new float[width];
        float[] flowBias = parameters.values(PolicyParameters.FLOW_BIAS);
        if (conditioned) {
            TrainingSetContext train = new TrainingSetContext();
            headShift = train.headShift.toFloatVector();
            float[] flowShift = train.flowShift.toFloatVector();
            for (int j = 0; j < width; j++) {
                flowBias[j] += flowShift[j];
            }
        }
        return new PolicySnapshot(kernel, poolSize, width, enc.embeddings, enc.projectionT, headShift,
                parameters.values(PolicyParameters.HEAD_STATE_WEIGHT), parameters.values(PolicyParameters.HEAD_OUT),
                parameters.values(PolicyParameters.FLOW_WEIGHT), flowBias,
                parameters.values(PolicyParameters.FLOW_OUT), parameters.values(PolicyParameters.FLOW_OUT_BIAS)[0]);
    }

    /**
     * The SubTB loss of a batch of trajectories, forward only.
     *
     * @param trajectories complete trajectories of length B
     * @param temperature  the reward temperature T
     * @return the mean SubTB loss
     */
    public double loss(List<Trajectory> trajectories, double temperature) {
        return new Pass(trajectories, temperature).forward();
    }

    /**
     * The SubTB loss and its gradient with respect to every parameter, in one forward-backward pass over all
     * {@code T_b·B} states.
     *
     * @param trajectories complete trajectories of length B
     * @param temperature  the reward temperature T
     * @return the loss and the gradients by parameter name (same shapes as {@link #parameters()}, FLOAT)
     */
    public LossAndGradients lossAndGradients(List<Trajectory> trajectories, double temperature) {
        Pass pass = new Pass(trajectories, temperature);
        double value = pass.forward();
        return new LossAndGradients(value, pass.backward());
    }

    /**
     * The loss and gradients of one training step.
     *
     * @param loss      the mean SubTB loss
     * @param gradients gradient arrays by parameter name
     */
    public record LossAndGradients(double loss, Map<String, INDArray> gradients) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pool encoding (once per parameter change).

    private INDArray[] encoderWeights() {
        INDArray[] w = new INDArray[architecture.encoderLayers()];
        for (int l = 0; l < w.length; l++) {
            w[l] = parameters.get(PolicyParameters.encoderWeight(l));
        }
        return w;
    }

    private INDArray[] encoderBiases() {
        INDArray[] b = new INDArray[architecture.encoderLayers()];
        for (int l = 0; l < b.length; l++) {
            b[l] = parameters.get(PolicyParameters.encoderBias(l));
        }
        return b;
    }

    /** The values the pool encoding depends on, concatenated. */
    private float[] encodingKey() {
        int layers = architecture.encoderLayers();
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
        float[] key = new float[total];
        int at = 0;
        float[] buf = new float[0];
        for (String n : names) {
            INDArray a = parameters.get(n);
            int len = (int) a.length();
            if (buf.length < len) {
                buf = new float[len];
            }
            ParameterArrays.readFloats(a, buf);
            System.arraycopy(buf, 0, key, at, len);
            at += len;
        }
        return key;
    }

    private Encoding encode() {
        float[] key = encodingKey();
        if (encoding == null) {
            encoding = new Encoding();
        }
        if (!Arrays.equals(key, encoding.key)) {
            encoding.compute(key);
        }
        return encoding;
    }

    /**
     * The pool encoding: ND4J activations of every encoder layer and {@code Aᵀ}, and Java copies of the embeddings
     * and {@code Aᵀ} for the kernel. The Java copies are new arrays at each recomputation (snapshots keep the old
     * ones); the ND4J arrays are allocated once.
     */
    private final class Encoding {
        private float[] key;
        final INDArray[] layerOutputs = new INDArray[architecture.encoderLayers()];
        final INDArray projectionTArray = DenseLayers.matrix(width, poolSize);
        final INDArray projectionArray = DenseLayers.matrix(poolSize, width);
        /** E, N×H row-major. */
        float[] embeddings;
        /** Aᵀ = (E W₁ + b)ᵀ, H×N row-major (read by the logits). */
        float[] projectionT;
        /** A = E W₁ + b, N×H row-major (read by the gradient). */
        float[] projection;

        Encoding() {
            for (int l = 0; l < layerOutputs.length; l++) {
                layerOutputs[l] = DenseLayers.matrix(poolSize, width);
            }
        }

        INDArray embeddingArray() {
            return layerOutputs[layerOutputs.length - 1];
        }

        void compute(float[] newKey) {
            DenseLayers.forward(encoderInput, encoderWeights(), encoderBiases(), layerOutputs);
            // Aᵀ = W₁ᵀ Eᵀ + b, written transposed so the kernel runs over contiguous pool points.
            DenseLayers.product(parameters.get(PolicyParameters.HEAD_POINT_WEIGHT), true, embeddingArray(), true,
                    projectionTArray);
            projectionTArray.addiColumnVector(parameters.get(PolicyParameters.HEAD_BIAS).reshape(width, 1));
            DenseLayers.product(embeddingArray(), false, parameters.get(PolicyParameters.HEAD_POINT_WEIGHT), false,
                    projectionArray);
            projectionArray.addiRowVector(parameters.get(PolicyParameters.HEAD_BIAS));
            embeddings = ParameterArrays.readFloats(embeddingArray(), new float[poolSize * width]);
            projectionT = ParameterArrays.readFloats(projectionTArray, new float[width * poolSize]);
            projection = ParameterArrays.readFloats(projectionArray, new float[poolSize * width]);
            key = newKey;
        }
    }

    /**
     * The train-set encoder over the current training pairs: per-layer activations (for the backward pass), the
     * averaged context {@code t} (1×H) and the first-layer shifts {@code t W₃} (policy head) and {@code t U₃} (flow
     * head).
     */
    private final class TrainingSetContext {
        final INDArray[] outputs = new INDArray[architecture.encoderLayers()];
        final INDArray context;
        final INDArray headShift;
        final INDArray flowShift;
        final int pairs = trainingPairs.length;

        TrainingSetContext() {
            if (pairs == 0) {
                context = DenseLayers.matrix(1, width).assign(0);
            } else {
                for (int l = 0; l < outputs.length; l++) {
                    outputs[l] = DenseLayers.matrix(pairs, width);
                }
                DenseLayers.forward(trainingEncoderInput, weights(), biases(), outputs);
                context = DenseLayers.columnSums(outputs[outputs.length - 1], DenseLayers.matrix(1, width))
                        .divi(pairs);
            }
            headShift = DenseLayers.product(context, false, parameters.get(PolicyParameters.HEAD_TRAIN_WEIGHT),
                    false);
            flowShift = DenseLayers.product(context, false, parameters.get(PolicyParameters.FLOW_TRAIN_WEIGHT),
                    false);
        }

        private INDArray[] weights() {
            INDArray[] w = new INDArray[outputs.length];
            for (int l = 0; l < w.length; l++) {
                w[l] = parameters.get(PolicyParameters.trainingEncoderWeight(l));
            }
            return w;
        }

        private INDArray[] biases() {
            INDArray[] b = new INDArray[outputs.length];
            for (int l = 0; l < b.length; l++) {
                b[l] = parameters.get(PolicyParameters.trainingEncoderBias(l));
            }
            return b;
        }

        /**
         * Writes the gradients of the train-set parameters given the gradients of the two shifts.
         *
         * @param dHeadShift ∂L/∂(t W₃) (1×H), which equals ∂L/∂b of the policy head
         * @param dFlowShift ∂L/∂(t U₃) (1×H), which equals ∂L/∂a of the flow head
         * @param grads      gradient arrays by parameter name
         */
        void backward(INDArray dHeadShift, INDArray dFlowShift, Map<String, INDArray> grads) {
            DenseLayers.product(context, true, dHeadShift, false, grads.get(PolicyParameters.HEAD_TRAIN_WEIGHT));
            DenseLayers.product(context, true, dFlowShift, false, grads.get(PolicyParameters.FLOW_TRAIN_WEIGHT));
            INDArray[] wg = new INDArray[outputs.length];
            INDArray[] bg = new INDArray[outputs.length];
            for (int l = 0; l < outputs.length; l++) {
                wg[l] = grads.get(PolicyParameters.trainingEncoderWeight(l));
                bg[l] = grads.get(PolicyParameters.trainingEncoderBias(l));
            }
            if (pairs == 0) {
                for (int l = 0; l < outputs.length; l++) {
                    wg[l].assign(0);
                    bg[l].assign(0);
                }
                return;
            }
            INDArray dContext = DenseLayers.product(dHeadShift, false,
                    parameters.get(PolicyParameters.HEAD_TRAIN_WEIGHT), true);
            DenseLayers.addProduct(dFlowShift, false, parameters.get(PolicyParameters.FLOW_TRAIN_WEIGHT), true,
                    dContext);
            // Every pair's final embedding receives ∂L/∂t / M (the context is their mean).
            INDArray upstream = DenseLayers.matrix(pairs, width).assign(0).addiRowVector(dContext.divi(pairs));
            DenseLayers.backward(trainingEncoderInput, weights(), outputs, upstream, DenseLayers.matrix(pairs, width),
                    DenseLayers.matrix(pairs, width), wg, bg);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // One batched pass over all states of a set of trajectories.

    /**
     * The forward pass over {@code S = T_b·B} states (state {@code s = t·B + k} is the first k actions of
     * trajectory t) and, on demand, the backward pass. Keeps the intermediates the backward pass needs.
     */
    private final class Pass {
        private final int b = loss.length();
        private final int h = width;
        private final List<Trajectory> trajectories;
        private final double temperature;
        private final int states;
        private final int[][] actions;
        private Encoding enc;
        private INDArray context;         // S×H
        private float[] flowPre;          // S×H, C·U + a (+ t U₃)
        private float[] stateProjection;  // S×H, C·W₂ (+ t W₃)
        private double[] logFlowTilde;    // S
        private double[] logForward;      // S
        /** S×N: after the forward pass PF(x | s) (0 at chosen points); the backward pass turns it into δ. */
        private float[] probabilities;
        private float[] headOut;
        private float[] flowOut;
        private TrainingSetContext train;

        Pass(List<Trajectory> trajectories, double temperature) {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
            }
            if (trajectories.isEmpty()) {
                throw new IllegalArgumentException("no trajectories: a training step needs at least one");
            }
            this.trajectories = trajectories;
            this.temperature = temperature;
            this.states = trajectories.size() * b;
            this.actions = new int[trajectories.size()][];
            for (int t = 0; t < trajectories.size(); t++) {
                Trajectory tr = trajectories.get(t);
                if (tr.length() != b) {
                    throw new IllegalArgumentException("trajectory " + t + " has length " + tr.length()
                            + " but the network was built for B = " + b);
                }
                boolean[] seen = new boolean[poolSize];
                for (int k = 0; k < b; k++) {
                    int a = tr.actions()[k];
                    if (a < 0 || a >= poolSize || seen[a]) {
                        throw new IllegalArgumentException("trajectory " + t + " step " + k + " takes action " + a
                                + ", which is outside the pool or already chosen");
                    }
                    seen[a] = true;
                }
                actions[t] = tr.actions();
            }
        }

        /** Runs the tasks over the kernel threads, or inline when the pass is too small to pay for a hand-off. */
        private void parallel(int tasks, java.util.function.IntConsumer task) {
            if ((long) states * poolSize * h < PARALLEL_WORK) {
                for (int i = 0; i < tasks; i++) {
                    task.accept(i);
                }
            } else {
                ComputeThreads.run(tasks, task);
            }
        }

        private int action(int s) {
            return actions[s / b][s % b];
        }

        double forward() {
            enc = encode();
            float[] e = enc.embeddings;
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
            context = DenseLayers.matrix(states, h);
            ParameterArrays.writeFloats(c, context);
            INDArray g = DenseLayers.product(context, false, parameters.get(PolicyParameters.HEAD_STATE_WEIGHT),
                    false);
            INDArray q = DenseLayers.product(context, false, parameters.get(PolicyParameters.FLOW_WEIGHT), false);
            q.addiRowVector(parameters.get(PolicyParameters.FLOW_BIAS));
            if (conditioned) {
                train = new TrainingSetContext();
                // t W₃ shifts A's bias; adding it to every G[s] instead keeps the cached encoding.
                g.addiRowVector(train.headShift);
                q.addiRowVector(train.flowShift);
            }
            stateProjection = ParameterArrays.readFloats(g, new float[states * h]);
            flowPre = ParameterArrays.readFloats(q, new float[states * h]);
            flowOut = parameters.values(PolicyParameters.FLOW_OUT);
            double flowBias = parameters.values(PolicyParameters.FLOW_OUT_BIAS)[0];
            logFlowTilde = new double[states];
            for (int s = 0; s < states; s++) {
                double v = flowBias;
                for (int j = 0; j < h; j++) {
                    v += flowOut[j] * Math.max(0f, flowPre[s * h + j]);
                }
                logFlowTilde[s] = v;
            }
            headOut = parameters.values(PolicyParameters.HEAD_OUT);
            probabilities = new float[states * poolSize];
            float[] aT = enc.projectionT;
            parallel(HeadKernel.chunks(poolSize), chunk -> kernel.logits(aT, poolSize, headOut,
                    stateProjection, states, chunk * HeadKernel.CHUNK,
                    Math.min(poolSize, (chunk + 1) * HeadKernel.CHUNK), probabilities));
            logForward = new double[states];
            parallel(states, s -> {
                int t = s / b;
                int k = s % b;
                int o = s * poolSize;
                for (int m = 0; m < k; m++) {
                    probabilities[o + actions[t][m]] = Float.NEGATIVE_INFINITY;
                }
                float chosen = probabilities[o + actions[t][k]];
                logForward[s] = chosen - kernel.softmax(probabilities, o, poolSize);
            });
            double total = 0;
            for (int t = 0; t < actions.length; t++) {
                total += loss.trajectoryLoss(logFlow(t), logForwardOf(t), logBackward());
            }
            return total / actions.length;
        }

        private double[] logFlow(int t) {
            double[] jmi = trajectories.get(t).prefixJmi();
            double[] baseline = trajectories.get(t).flowBaseline();
            double[] out = new double[b + 1];
            for (int k = 0; k < b; k++) {
                // log F = net + (b(s) + JMI(s))/T; b(s) is a constant, so ∂L/∂net = ∂L/∂log F.
                out[k] = logFlowTilde[t * b + k] + ((k == 0 ? 0.0 : jmi[k - 1]) + baseline[k]) / temperature;
            }
            out[b] = jmi[b - 1] / temperature;
            return out;
        }

        private double[] logForwardOf(int t) {
            return Arrays.copyOfRange(logForward, t * b, (t + 1) * b);
        }

        private double[] logBackward() {
            double[] out = new double[b];
            for (int k = 0; k < b; k++) {
                out[k] = org.batchgfn.gflownet.env.SetConstructionEnvironment.logBackwardProbability(k + 1);
            }
            return out;
        }

        Map<String, INDArray> backward() {
            double scale = 1.0 / actions.length;
            double[] dLogFlowTilde = new double[states];
            double[] dLogForward = new double[states];
            double[] logPb = logBackward();
            for (int t = 0; t < actions.length; t++) {
                double[][] gr = loss.trajectoryGradient(logFlow(t), logForwardOf(t), logPb);
                for (int k = 0; k < b; k++) {
                    dLogFlowTilde[t * b + k] = scale * gr[0][k];
                    dLogForward[t * b + k] = scale * gr[1][k];
                }
            }
            Map<String, INDArray> grads = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, INDArray> p : parameters.arrays().entrySet()) {
                grads.put(p.getKey(), DenseLayers.matrix(p.getValue().size(0), p.getValue().size(1)));
            }

            // Policy head. log PF(a|s) = logit[a] − LSE over unchosen points, so
            // δ[s,x] = ∂L/∂logit[s,x] = ∂L/∂logPF_s · (1[x = a_s] − PF(x|s)), and 0 at chosen points.
            // At the action, 1 − PF(a|s) is summed from the other points' probabilities rather than subtracted from
            // 1: a nearly deterministic policy (PF(a|s) → 1 at low temperature) would otherwise lose its gradient to
            // float32 cancellation.
            float[] delta = probabilities;
            for (int s = 0; s < states; s++) {
                double w = dLogForward[s];
                int o = s * poolSize;
                int a = action(s);
                double others = 0;
                for (int x = o; x < o + a; x++) {
                    others += delta[x];
                }
                for (int x = o + a + 1; x < o + poolSize; x++) {
                    others += delta[x];
                }
                for (int x = 0; x < poolSize; x++) {
                    delta[o + x] = (float) (-w * delta[o + x]);
                }
                delta[o + a] = (float) (w * others);
            }
            int chunks = HeadKernel.chunks(poolSize);
            float[] dA = new float[poolSize * h];
            float[][] dGPart = new float[chunks][states * h];
            float[][] dVPart = new float[chunks][h];
            float[] a = enc.projection;
            float[] gs = stateProjection;
            parallel(chunks, chunk -> kernel.backward(a, poolSize, h, gs, delta, states,
                    chunk * HeadKernel.CHUNK, Math.min(poolSize, (chunk + 1) * HeadKernel.CHUNK), dA,
                    dGPart[chunk], dVPart[chunk]));
            // Partial sums in chunk order (independent of the thread count), then the factor v of ∂/∂(A, G).
            float[] dG = new float[states * h];
            float[] dV = new float[h];
            for (int chunk = 0; chunk < chunks; chunk++) {
                for (int i = 0; i < dG.length; i++) {
                    dG[i] += dGPart[chunk][i];
                }
                for (int j = 0; j < h; j++) {
                    dV[j] += dVPart[chunk][j];
                }
            }
            float[] dHeadBias = new float[h];
            for (int x = 0; x < poolSize; x++) {
                int ax = x * h;
                for (int j = 0; j < h; j++) {
                    dA[ax + j] *= headOut[j];
                    dHeadBias[j] += dA[ax + j];
                }
            }
            for (int s = 0; s < states; s++) {
                for (int j = 0; j < h; j++) {
                    dG[s * h + j] *= headOut[j];
                }
            }
            ParameterArrays.writeFloats(dV, grads.get(PolicyParameters.HEAD_OUT));
            ParameterArrays.writeFloats(dHeadBias, grads.get(PolicyParameters.HEAD_BIAS));
            if (dProjection == null) {
                dProjection = DenseLayers.matrix(poolSize, h);
                dEmbeddings = DenseLayers.matrix(poolSize, h);
                spare = DenseLayers.matrix(poolSize, h);
                mask = DenseLayers.matrix(poolSize, h);
            }
            ParameterArrays.writeFloats(dA, dProjection);
            INDArray e = enc.embeddingArray();
            INDArray w1 = parameters.get(PolicyParameters.HEAD_POINT_WEIGHT);
            DenseLayers.product(e, true, dProjection, false, grads.get(PolicyParameters.HEAD_POINT_WEIGHT));
            DenseLayers.product(dProjection, false, w1, true, dEmbeddings);
            INDArray dGArray = DenseLayers.matrix(states, h);
            ParameterArrays.writeFloats(dG, dGArray);
            DenseLayers.product(context, true, dGArray, false, grads.get(PolicyParameters.HEAD_STATE_WEIGHT));
            INDArray dContext = DenseLayers.product(dGArray, false,
                    parameters.get(PolicyParameters.HEAD_STATE_WEIGHT), true);

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
            INDArray dFlowPreArray = DenseLayers.matrix(states, h);
            ParameterArrays.writeFloats(dFlowPre, dFlowPreArray);
            DenseLayers.product(context, true, dFlowPreArray, false, grads.get(PolicyParameters.FLOW_WEIGHT));
            DenseLayers.columnSums(dFlowPreArray, grads.get(PolicyParameters.FLOW_BIAS));
            ParameterArrays.writeFloats(dFlowOut, grads.get(PolicyParameters.FLOW_OUT));
            grads.get(PolicyParameters.FLOW_OUT_BIAS).assign(dFlowBias);
            DenseLayers.addProduct(dFlowPreArray, false, parameters.get(PolicyParameters.FLOW_WEIGHT), true,
                    dContext);
            if (conditioned) {
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
            int layers = architecture.encoderLayers();
            INDArray[] wg = new INDArray[layers];
            INDArray[] bg = new INDArray[layers];
            for (int l = 0; l < layers; l++) {
                wg[l] = grads.get(PolicyParameters.encoderWeight(l));
                bg[l] = grads.get(PolicyParameters.encoderBias(l));
            }
            DenseLayers.backward(encoderInput, encoderWeights(), enc.layerOutputs, dEmbeddings, spare, mask, wg, bg);
            return grads;
        }
    }

    private static double[] toDouble(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
