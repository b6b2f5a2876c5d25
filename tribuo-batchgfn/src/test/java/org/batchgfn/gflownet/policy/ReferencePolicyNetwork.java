package org.batchgfn.gflownet.policy;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * TEST REFERENCE: the previous engine (commit f2ea12c), kept unchanged in test scope as the double-precision
 * reference for the float32 engine's losses and gradients. Its own exactness is checked against finite differences
 * in double ({@code ReferencePolicyNetworkTest}).
 * <p>
 * The trainable BatchGFN policy over one pool, with a hand-derived forward and backward pass of the SubTB(λ) loss
 * over all {@code S = T_b·B} non-terminal states of a training step.
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
 * The encoder is shared by the policy and the flow heads; the backward policy is uniform.
 * <p>
 * Optional train-set conditioning (paper §3.2 and appendix A.2, for amortisation across acquisition rounds): a
 * second FFN encoder of the same depth and width embeds each standardised training pair {@code (x, y)} (as
 * {@code [γ(x), y]}), and the embeddings are summed and divided by their number M into a set-invariant context
 * {@code t = (1/M) Σ_i enc_T(x_i, y_i)} ({@code t = 0} for an empty training set). The paper sums; the mean is
 * the sum rescaled, and it keeps training stable: Adam moves every entry of {@code W₃} by about its learning rate, so
 * each step moves the shift {@code t W₃} by about {@code lr·‖t‖₁}, which for a summed context grows with M (at
 * M = 17, H = 64 about 0.5 per step) and had conditioned policies fit far worse than unconditioned ones. It is
 * concatenated to the inputs of both heads' first layers:
 * {@code W [e_x; c_S; t] = W₁ e_x + W₂ c_S + W₃ t} and {@code U [c_S; t] = U c_S + U₃ t}. As {@code t} is the same for
 * every state and point of a pass, {@code W₃ t} and {@code U₃ t} are shifts of the first-layer biases, so the split
 * head and the snapshot are unchanged. Its parameters ({@code train_w*, train_b*, head_wt, flow_wt}) exist only in
 * a conditioned network and come after the unconditioned ones, which keep their names, order and initial values.
 * The training set is set with {@link #conditionOn(double[][])}.
 * <p>
 * Why no autodiff graph: an earlier version of this network built on an autodiff graph spent about 0.6 s per training step at N = 2000,
 * H = 64, B = 10, T_b = 8 (and far more when other processes share the cores, as every one of its ~100 small
 * native ops is an OpenMP region), mostly in generic S×N×H broadcast tensors. Here everything runs as plain Java
 * loops that the JIT vectorises: the pool-sized products ({@code N×H·H×H}) on row arrays ({@link RowMatrices}),
 * the pool encoding computed once and reused while the encoder parameters are unchanged (so sampling and the
 * training pass of a step share it), and the S×N×H part, the only term that grows with pool and states, as fused
 * loops that never materialise an S×N×H tensor ({@link SplitHeadKernel}). Arithmetic is in double; the parameters
 * are stored in the configured {@link DataType} (FLOAT for training, DOUBLE for exact gradient checks) and copied
 * in bulk ({@link ParameterArrays}).
 * <p>
 * Weights are initialised from a {@link SplittableRandom} (He-uniform for ReLU layers, zero biases), so a seed
 * fixes the network. This object is mutable (its parameters are trained in place) and not thread-safe.
 */
public final class ReferencePolicyNetwork {

    private final PolicyArchitecture architecture;
    private final SubTrajectoryBalanceLoss loss;
    private final DataType dataType;
    /** The pool as the encoder's first layer sees it: {@code γ(pool)} ({@link FourierFeatures}), N×featureWidth. */
    private final double[][] encoderInput;
    private final int poolSize;
    private final int inputDimension;
    private final int width;
    private final Map<String, INDArray> parameters = new LinkedHashMap<>();
    private final Map<String, INDArray> parameterView = Collections.unmodifiableMap(parameters);
    /** The last pool encoding and the parameter values it was computed from (reused while they are unchanged). */
    private Encoding lastEncoding;
    /** Whether the network has a train-set encoder (and {@code head_wt}, {@code flow_wt}). */
    private final boolean conditioned;
    /** The standardised training pairs {@code [x…, y]} the network is conditioned on (M×(d+1); empty by default). */
    private double[][] trainingPairs = new double[0][];
    /** The training pairs as the train-set encoder's first layer sees them: {@code [γ(x), y]}. */
    private double[][] trainingEncoderInput = new double[0][];

    /**
     * @param standardizedPool the pool features, already standardised (see {@link PoolStandardizer}), N×d
     * @param architecture     width and depth
     * @param loss             the SubTB loss (fixes B and λ)
     * @param dataType         storage type of the parameters: FLOAT for training, DOUBLE for gradient checks
     * @param rng              source of the initial weights
     * @throws IllegalArgumentException if the pool is empty or ragged, or B exceeds the pool size
     */
    public ReferencePolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, SubTrajectoryBalanceLoss loss,
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
     * @param dataType               storage type of the parameters
     * @param rng                    source of the initial weights
     * @param conditionOnTrainingSet true to add the train-set encoder and context
     * @throws IllegalArgumentException if the pool is empty or ragged, or B exceeds the pool size
     */
    public ReferencePolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, SubTrajectoryBalanceLoss loss,
                         DataType dataType, SplittableRandom rng, boolean conditionOnTrainingSet) {
        if (standardizedPool.length == 0) {
            throw new IllegalArgumentException("the pool is empty: the policy needs at least one point");
        }
        if (loss.length() > standardizedPool.length) {
            throw new IllegalArgumentException("batch size " + loss.length() + " exceeds the pool size "
                    + standardizedPool.length);
        }
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("the network needs a floating-point type, got " + dataType);
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
        this.dataType = dataType;
        this.width = architecture.hiddenWidth();
        this.encoderInput = architecture.inputFeatures().apply(standardizedPool); // copies the rows
        this.conditioned = conditionOnTrainingSet;
        initialise(rng);
        if (conditioned) {
            initialiseTrainingSetEncoder(rng);
        }
    }

    /** The train-set encoder and the context's first-layer weights, drawn after every unconditioned parameter. */
    private void initialiseTrainingSetEncoder(SplittableRandom rng) {
        int h = width;
        int fanIn = trainingEncoderInputWidth();
        for (int l = 0; l < architecture.encoderLayers(); l++) {
            param("train_w" + l, heUniform(rng, fanIn, h));
            param("train_b" + l, new double[1][h]);
            fanIn = h;
        }
        param("head_wt", heUniform(rng, 3 * h, h, h));
        param("flow_wt", heUniform(rng, 2 * h, h, h));
    }

    private void initialise(SplittableRandom rng) {
        int h = width;
        int fanIn = encoderInputWidth();
        for (int l = 0; l < architecture.encoderLayers(); l++) {
            param("enc_w" + l, heUniform(rng, fanIn, h));
            param("enc_b" + l, new double[1][h]);
            fanIn = h;
        }
        param("head_wx", heUniform(rng, 2 * h, h, h));
        param("head_wc", heUniform(rng, 2 * h, h, h));
        param("head_b", new double[1][h]);
        param("head_out", heUniform(rng, h, h, 1));
        param("flow_w0", heUniform(rng, h, h, h));
        param("flow_b0", new double[1][h]);
        param("flow_out", heUniform(rng, h, h, 1));
        param("flow_bias", new double[1][1]);
    }

    private void param(String name, double[][] init) {
        parameters.put(name, toParameterType(init));
    }

    private static double[][] heUniform(SplittableRandom rng, int fanIn, int fanOut) {
        return heUniform(rng, fanIn, fanIn, fanOut);
    }

    private static double[][] heUniform(SplittableRandom rng, int fanIn, int rows, int cols) {
        double limit = Math.sqrt(6.0 / fanIn);
        double[][] w = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r][c] = (2 * rng.nextDouble() - 1) * limit;
            }
        }
        return w;
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

    /** @return the storage type of the parameters */
    public DataType dataType() {
        return dataType;
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
        this.trainingEncoderInput = trainingEncoderInput(copy);
    }

    /** {@code [γ(x), y]} of every pair {@code [x, y]}. */
    private double[][] trainingEncoderInput(double[][] pairs) {
        double[][] features = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            features[i] = java.util.Arrays.copyOf(pairs[i], inputDimension);
        }
        double[][] mapped = architecture.inputFeatures().apply(features);
        double[][] out = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            out[i] = java.util.Arrays.copyOf(mapped[i], mapped[i].length + 1);
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
        return new TrainingSetContext().context.clone();
    }

    /**
     * The double-precision reference of a float32 engine network: same pool, architecture, loss, conditioning,
     * training pairs and (widened) parameter values.
     *
     * @param engine           the engine network
     * @param standardizedPool the pool it was built on
     * @param loss             the SubTB loss the engine is scored with
     * @return the reference
     */
    public static ReferencePolicyNetwork of(PolicyNetwork engine, double[][] standardizedPool,
                                            SubTrajectoryBalanceLoss loss) {
        ReferencePolicyNetwork ref = new ReferencePolicyNetwork(standardizedPool, engine.architecture(), loss,
                DataType.DOUBLE, new SplittableRandom(0), engine.isConditioned());
        ref.copyParametersFrom(engine);
        if (engine.isConditioned()) {
            ref.conditionOn(engine.trainingPairs());
        }
        return ref;
    }

    /**
     * Overwrites every parameter with the float32 engine's values (widened to this network's type).
     *
     * @param engine a network with the same architecture and conditioning
     */
    public void copyParametersFrom(PolicyNetwork engine) {
        for (Map.Entry<String, INDArray> p : parameters.entrySet()) {
            ParameterArrays.write(p.getValue(), ParameterArrays.read(engine.parameters().get(p.getKey())));
        }
    }

    /**
     * Overwrites every parameter with the other network's values.
     *
     * @param other a network with the same architecture and conditioning (any pool)
     * @throws IllegalArgumentException if the parameter sets differ
     */
    public void copyParametersFrom(ReferencePolicyNetwork other) {
        if (!parameters.keySet().equals(other.parameters.keySet())) {
            throw new IllegalArgumentException("parameter sets differ: " + parameters.keySet() + " vs "
                    + other.parameters.keySet());
        }
        for (Map.Entry<String, INDArray> p : parameters.entrySet()) {
            INDArray src = other.parameters.get(p.getKey());
            if (!java.util.Arrays.equals(p.getValue().shape(), src.shape())) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " has shape "
                        + java.util.Arrays.toString(src.shape()) + ", expected "
                        + java.util.Arrays.toString(p.getValue().shape()));
            }
            ParameterArrays.write(p.getValue(), ParameterArrays.read(src));
        }
    }

    /**
     * The live parameter arrays, by name, in a stable order: {@code enc_w0, enc_b0, …, head_wx, head_wc, head_b,
     * head_out, flow_w0, flow_b0, flow_out, flow_bias}. Updating them in place changes the network.
     *
     * @return an unmodifiable map from parameter name to its array
     */
    public Map<String, INDArray> parameters() {
        return parameterView;
    }

    /**
     * @param parameterName a name from {@link #parameters()}
     * @return whether the parameter belongs to the log-flow head ({@code flow_*}), which trains with its own rate
     */
    public static boolean isFlowHeadParameter(String parameterName) {
        return parameterName.startsWith("flow_");
    }

    /**
     * @param parameterName a name from {@link #parameters()}
     * @return whether the parameter is the policy head's output layer ({@code head_out}, the {@code v} of
     *         {@code logit = v · relu(…)}), which trains with its own rate
     */
    public static boolean isLogitLayerParameter(String parameterName) {
        return parameterName.equals("head_out");
    }

    /** A copy of {@code m} (N×H) with {@code shift} added to every row. */
    private static double[][] shifted(double[][] m, double[] shift) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = plus(m[r], shift);
        }
        return out;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = a[j] + b[j];
        }
        return out;
    }

    /** {@code out_j = Σ_i row_i · m[i][j]}. */
    private static double[] rowTimes(double[] row, double[][] m) {
        double[] out = new double[m[0].length];
        for (int i = 0; i < row.length; i++) {
            double r = row[i];
            double[] mi = m[i];
            for (int j = 0; j < out.length; j++) {
                out[j] += r * mi[j];
            }
        }
        return out;
    }

    /** {@code out_i = Σ_j m[i][j] · v_j}. */
    private static double[] timesVector(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double[][] outer(double[] a, double[] b) {
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = a[i] * b[j];
            }
        }
        return out;
    }

    /**
     * The train-set encoder over the current training pairs: per-layer activations (for the backward pass), the
     * averaged context {@code t} and the first-layer shifts {@code t W₃} (policy head) and {@code t U₃} (flow head).
     */
    private final class TrainingSetContext {
        final double[][][] inputs;
        final double[][][] preActivations;
        final double[] context = new double[width];
        final double[] headShift;
        final double[] flowShift;

        TrainingSetContext() {
            int layers = architecture.encoderLayers();
            inputs = new double[layers][][];
            preActivations = new double[layers][][];
            double[][] e = trainingEncoderInput;
            for (int l = 0; l < layers; l++) {
                inputs[l] = e;
                if (e.length == 0) {
                    preActivations[l] = new double[0][];
                    continue;
                }
                double[][] z = RowMatrices.multiply(e, matrix("train_w" + l));
                RowMatrices.addToRows(z, vector("train_b" + l));
                preActivations[l] = z;
                e = RowMatrices.relu(z);
            }
            double perPair = 1.0 / Math.max(1, trainingEncoderInput.length);
            for (double[] row : e) {
                for (int j = 0; j < width; j++) {
                    context[j] += row[j] * perPair;
                }
            }
            headShift = rowTimes(context, matrix("head_wt"));
            flowShift = rowTimes(context, matrix("flow_wt"));
        }

        /**
         * Adds the gradients of the train-set parameters given the gradients of the two shifts.
         *
         * @param dHeadShift ∂L/∂(t W₃), which equals ∂L/∂b of the policy head
         * @param dFlowShift ∂L/∂(t U₃), which equals ∂L/∂a of the flow head
         * @param grads      gradient accumulator by parameter name
         */
        void backward(double[] dHeadShift, double[] dFlowShift, Map<String, double[][]> grads) {
            grads.put("head_wt", outer(context, dHeadShift));
            grads.put("flow_wt", outer(context, dFlowShift));
            double[] dContext = plus(timesVector(matrix("head_wt"), dHeadShift),
                    timesVector(matrix("flow_wt"), dFlowShift));
            int pairs = trainingPairs.length;
            // Every pair's final embedding receives ∂L/∂t / M (the context is their mean).
            double[][] upstream = new double[pairs][];
            for (int i = 0; i < pairs; i++) {
                upstream[i] = new double[width];
                for (int j = 0; j < width; j++) {
                    upstream[i][j] = dContext[j] / pairs;
                }
            }
            for (int l = architecture.encoderLayers() - 1; l >= 0; l--) {
                int fanIn = l == 0 ? trainingEncoderInputWidth() : width;
                if (pairs == 0) {
                    grads.put("train_w" + l, new double[fanIn][width]);
                    grads.put("train_b" + l, new double[1][width]);
                    continue;
                }
                double[][] z = preActivations[l];
                double[][] dz = new double[pairs][width];
                for (int i = 0; i < pairs; i++) {
                    for (int j = 0; j < width; j++) {
                        dz[i][j] = z[i][j] > 0 ? upstream[i][j] : 0.0;
                    }
                }
                grads.put("train_w" + l, RowMatrices.multiplyTransposedLeft(inputs[l], dz));
                grads.put("train_b" + l, new double[][]{RowMatrices.columnSums(dz)});
                if (l > 0) {
                    upstream = RowMatrices.multiplyTransposedRight(dz, matrix("train_w" + l));
                }
            }
        }
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
     * @return the loss and the gradients by parameter name (same shapes and type as {@link #parameters()})
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
    // Pool encoding (once per pass).

    /** Encoder activations of every layer and the head's point projection {@code A = E W₁ + b}. */
    private Encoding encode() {
        Map<String, double[]> used = encoderParameters();
        if (lastEncoding == null || !lastEncoding.sameParameters(used)) {
            lastEncoding = new Encoding(used);
        }
        return lastEncoding;
    }

    private Map<String, double[]> encoderParameters() {
        Map<String, double[]> used = new LinkedHashMap<>();
        for (int l = 0; l < architecture.encoderLayers(); l++) {
            used.put("enc_w" + l, vector("enc_w" + l));
            used.put("enc_b" + l, vector("enc_b" + l));
        }
        used.put("head_wx", vector("head_wx"));
        used.put("head_b", vector("head_b"));
        return used;
    }

    private final class Encoding {
        private final Map<String, double[]> used;
        /** {@code inputs[l]} is the input of encoder layer l (N×fanIn); {@code inputs[0]} is the pool's features. */
        final double[][][] inputs;
        /** {@code preActivations[l] = inputs[l]·W_l + b_l} (N×H). */
        final double[][][] preActivations;
        /** E (N×H). */
        final double[][] embeddings;
        /** A (N×H). */
        final double[][] projection;

        Encoding(Map<String, double[]> used) {
            this.used = used;
            int layers = architecture.encoderLayers();
            inputs = new double[layers][][];
            preActivations = new double[layers][][];
            double[][] e = encoderInput;
            for (int l = 0; l < layers; l++) {
                inputs[l] = e;
                double[][] z = RowMatrices.multiply(e, rows(used.get("enc_w" + l), width));
                RowMatrices.addToRows(z, used.get("enc_b" + l));
                preActivations[l] = z;
                e = RowMatrices.relu(z);
            }
            embeddings = e;
            projection = RowMatrices.multiply(e, rows(used.get("head_wx"), width));
            RowMatrices.addToRows(projection, used.get("head_b"));
        }

        boolean sameParameters(Map<String, double[]> current) {
            for (Map.Entry<String, double[]> p : used.entrySet()) {
                if (!java.util.Arrays.equals(p.getValue(), current.get(p.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A parameter as rows. */
    private double[][] matrix(String name) {
        return rows(vector(name), (int) parameters.get(name).size(1));
    }

    private static double[][] rows(double[] flat, int cols) {
        double[][] out = new double[flat.length / cols][];
        for (int r = 0; r < out.length; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** A parameter's values in row-major order, converted in Java (no native op per call). */
    private double[] vector(String name) {
        return ParameterArrays.read(parameters.get(name));
    }

    private INDArray toParameterType(double[][] m) {
        int cols = m[0].length;
        double[] flat = new double[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, flat, r * cols, cols);
        }
        return ParameterArrays.create(flat, dataType, m.length, cols);
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
        private double[][] context;         // S×H
        private double[][] flowPre;         // S×H, C·U + a
        private double[] logFlowTilde;      // S
        private double[] logForward;        // S
        private double[][] logProbs;        // S×N, log PF(x | s), −∞ at chosen points
        private double[][] stateProjection; // S×H, C·W₂
        private double[] headOut;
        private double[] flowOut;
        /** The train-set context of a conditioned network (null otherwise). */
        private TrainingSetContext train;
        /** {@code A} as used by the head: the encoding's projection, shifted by {@code t W₃} when conditioned. */
        private double[][] projection;

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

        private int action(int s) {
            return actions[s / b][s % b];
        }

        double forward() {
            enc = encode();
            double[][] e = enc.embeddings;
            // Contexts: c_{t,0} = 0, c_{t,k} = c_{t,k-1} + e_{a_{k-1}}.
            context = new double[states][h];
            for (int s = 0; s < states; s++) {
                if (s % b != 0) {
                    double[] prev = context[s - 1];
                    double[] ex = e[action(s - 1)];
                    double[] c = context[s];
                    for (int j = 0; j < h; j++) {
                        c[j] = prev[j] + ex[j];
                    }
                }
            }
            stateProjection = RowMatrices.multiply(context, matrix("head_wc"));
            flowPre = RowMatrices.multiply(context, matrix("flow_w0"));
            RowMatrices.addToRows(flowPre, vector("flow_b0"));
            projection = enc.projection;
            if (conditioned) {
                train = new TrainingSetContext();
                RowMatrices.addToRows(flowPre, train.flowShift);
                projection = shifted(enc.projection, train.headShift);
            }
            flowOut = vector("flow_out");
            double flowBias = vector("flow_bias")[0];
            logFlowTilde = new double[states];
            for (int s = 0; s < states; s++) {
                double v = flowBias;
                for (int j = 0; j < h; j++) {
                    v += flowOut[j] * Math.max(0.0, flowPre[s][j]);
                }
                logFlowTilde[s] = v;
            }
            headOut = vector("head_out");
            double[][] projectionT = RowMatrices.transpose(projection);
            logProbs = new double[states][poolSize];
            logForward = new double[states];
            for (int s = 0; s < states; s++) {
                double[] logits = logProbs[s];
                ReferenceSplitHeadKernel.logits(projectionT, headOut, stateProjection[s], logits);
                int t = s / b;
                int k = s % b;
                for (int m = 0; m < k; m++) {
                    logits[actions[t][m]] = Double.NEGATIVE_INFINITY;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int x = 0; x < poolSize; x++) {
                    max = Math.max(max, logits[x]);
                }
                double sum = 0;
                for (int x = 0; x < poolSize; x++) {
                    sum += Math.exp(logits[x] - max);
                }
                double lse = max + Math.log(sum);
                for (int x = 0; x < poolSize; x++) {
                    logits[x] -= lse;
                }
                logForward[s] = logits[actions[t][k]];
            }
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
            return java.util.Arrays.copyOfRange(logForward, t * b, (t + 1) * b);
        }

        private double[] logBackward() {
            double[] out = new double[b];
            for (int k = 0; k < b; k++) {
                out[k] = SetConstructionEnvironment.logBackwardProbability(k + 1);
            }
            return out;
        }

        Map<String, INDArray> backward() {
            double scale = 1.0 / actions.length;
            double[] dLogFlowTilde = new double[states];
            double[] dLogForward = new double[states];
            double[] logPb = logBackward();
            for (int t = 0; t < actions.length; t++) {
                double[][] g = loss.trajectoryGradient(logFlow(t), logForwardOf(t), logPb);
                for (int k = 0; k < b; k++) {
                    dLogFlowTilde[t * b + k] = scale * g[0][k];
                    dLogForward[t * b + k] = scale * g[1][k];
                }
            }
            Map<String, double[][]> grads = new java.util.HashMap<>();

            // Policy head. log PF(a|s) = logit[a] − LSE over unchosen points, so
            // δ[s,x] = ∂L/∂logit[s,x] = ∂L/∂logPF_s · (1[x = a_s] − PF(x|s)), and 0 at chosen points.
            double[][] dA = new double[poolSize][h];
            double[][] dG = new double[states][h];
            double[] dV = new double[h];
            double[] delta = new double[poolSize];
            for (int s = 0; s < states; s++) {
                double w = dLogForward[s];
                if (w == 0) {
                    continue;
                }
                double[] lp = logProbs[s];
                for (int x = 0; x < poolSize; x++) {
                    delta[x] = lp[x] == Double.NEGATIVE_INFINITY ? 0.0 : -w * Math.exp(lp[x]);
                }
                delta[action(s)] += w;
                ReferenceSplitHeadKernel.backward(projection, stateProjection[s], delta, dA, dG[s], dV);
            }
            scaleColumns(dA, headOut);
            scaleColumns(dG, headOut);
            grads.put("head_out", column(dV));
            grads.put("head_b", new double[][]{RowMatrices.columnSums(dA)});
            grads.put("head_wx", RowMatrices.multiplyTransposedLeft(enc.embeddings, dA));
            double[][] dE = RowMatrices.multiplyTransposedRight(dA, matrix("head_wx"));
            grads.put("head_wc", RowMatrices.multiplyTransposedLeft(context, dG));
            double[][] dC = RowMatrices.multiplyTransposedRight(dG, matrix("head_wc"));

            // Flow head: log F̃ = u·relu(q) + a₀ with q = C U + a.
            double[][] dFlowPre = new double[states][h];
            double[] dFlowOut = new double[h];
            double dFlowBias = 0;
            for (int s = 0; s < states; s++) {
                double w = dLogFlowTilde[s];
                dFlowBias += w;
                for (int j = 0; j < h; j++) {
                    double q = flowPre[s][j];
                    if (q > 0) {
                        dFlowOut[j] += w * q;
                        dFlowPre[s][j] = w * flowOut[j];
                    }
                }
            }
            grads.put("flow_w0", RowMatrices.multiplyTransposedLeft(context, dFlowPre));
            grads.put("flow_b0", new double[][]{RowMatrices.columnSums(dFlowPre)});
            grads.put("flow_out", column(dFlowOut));
            grads.put("flow_bias", new double[][]{{dFlowBias}});
            double[][] dCFlow = RowMatrices.multiplyTransposedRight(dFlowPre, matrix("flow_w0"));
            if (conditioned) {
                train.backward(grads.get("head_b")[0], grads.get("flow_b0")[0], grads);
            }

            // Contexts: c_{t,k} = Σ_{m<k} e_{a_m}, so ∂e_{a_m} += Σ_{k>m} ∂c_{t,k}.
            for (int t = 0; t < actions.length; t++) {
                double[] suffix = new double[h];
                for (int k = b - 1; k >= 1; k--) {
                    int s = t * b + k;
                    for (int j = 0; j < h; j++) {
                        suffix[j] += dC[s][j] + dCFlow[s][j];
                    }
                    double[] de = dE[actions[t][k - 1]];
                    for (int j = 0; j < h; j++) {
                        de[j] += suffix[j];
                    }
                }
            }

            // Encoder, last layer first: z_l = e_l W_l + b_l, e_{l+1} = relu(z_l).
            double[][] upstream = dE;
            for (int l = architecture.encoderLayers() - 1; l >= 0; l--) {
                double[][] z = enc.preActivations[l];
                double[][] dz = new double[poolSize][];
                for (int x = 0; x < poolSize; x++) {
                    double[] zx = z[x];
                    double[] ux = upstream[x];
                    double[] o = new double[h];
                    for (int j = 0; j < h; j++) {
                        o[j] = zx[j] > 0 ? ux[j] : 0.0;
                    }
                    dz[x] = o;
                }
                grads.put("enc_w" + l, RowMatrices.multiplyTransposedLeft(enc.inputs[l], dz));
                grads.put("enc_b" + l, new double[][]{RowMatrices.columnSums(dz)});
                if (l > 0) {
                    upstream = RowMatrices.multiplyTransposedRight(dz, matrix("enc_w" + l));
                }
            }

            Map<String, INDArray> out = new LinkedHashMap<>();
            for (String name : parameters.keySet()) {
                out.put(name, toParameterType(grads.get(name)));
            }
            return out;
        }
    }

    private static void scaleColumns(double[][] m, double[] factors) {
        for (double[] row : m) {
            for (int j = 0; j < factors.length; j++) {
                row[j] *= factors[j];
            }
        }
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            out[i][0] = v[i];
        }
        return out;
    }
}
