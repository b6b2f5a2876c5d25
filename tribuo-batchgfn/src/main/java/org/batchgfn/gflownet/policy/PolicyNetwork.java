package org.batchgfn.gflownet.policy;

import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable BatchGFN policy over one pool, as a SameDiff graph that evaluates all {@code S = T_b·B}
 * non-terminal states of a training step in one pass and ends in the SubTB(λ) loss.
 * <p>
 * Architecture (paper appendix A.2), with H the hidden width:
 * <ul>
 *   <li>encoder, shared by all pool points: {@code e_x = relu(… relu(x W₀ + b₀) … W_{L−1} + b_{L−1})} (N×H);</li>
 *   <li>context of a state: {@code c_S = Σ_{x∈S} e_x} (set invariant; {@code c_∅ = 0});</li>
 *   <li>policy head: {@code logit(x | S) = v · relu(W₁ e_x + W₂ c_S + b)}, masked to −∞ on chosen points and
 *       soft-maxed over the pool. The first layer is split: {@code W₁ e_x + b} is computed once per pass for the
 *       whole pool (N×H), {@code W₂ c_S} once per state (S×H), and they meet in a broadcast S×N×H sum;</li>
 *   <li>log-flow head on the context: {@code log F̃(S) = u · relu(U c_S + a) + a₀}.</li>
 * </ul>
 * The encoder is shared by the policy and the flow heads; only the heads are separate. The backward policy is
 * uniform. Weights are initialised from a {@link SplittableRandom} (He-uniform for ReLU layers, zero biases), so
 * a seed fixes the network. This object is mutable (its parameters are trained) and not thread-safe.
 */
public final class PolicyNetwork {

    private static final double MASK_PENALTY = 1e9;

    private final SameDiff sd;
    private final PolicyArchitecture architecture;
    private final SubTrajectoryBalanceLoss loss;
    private final DataType dataType;
    private final INDArray pool;
    private final int poolSize;
    private final int inputDimension;
    private final List<String> parameterNames = new ArrayList<>();

    /**
     * @param standardizedPool the pool features, already standardised (see {@link PoolStandardizer}), N×d
     * @param architecture     width and depth
     * @param loss             the SubTB loss (fixes B and λ)
     * @param dataType         FLOAT for training, DOUBLE for gradient checks
     * @param rng              source of the initial weights
     * @throws IllegalArgumentException if the pool is empty or ragged, or B exceeds the pool size
     */
    public PolicyNetwork(double[][] standardizedPool, PolicyArchitecture architecture, SubTrajectoryBalanceLoss loss,
                         DataType dataType, SplittableRandom rng) {
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
        this.pool = Nd4j.createFromArray(standardizedPool).castTo(dataType);
        this.sd = SameDiff.create();
        build(rng);
    }

    private void build(SplittableRandom rng) {
        int h = architecture.hiddenWidth();
        SDVariable x = sd.placeHolder("pool", dataType, -1, inputDimension);
        SDVariable members = sd.placeHolder("members", dataType, -1, -1);
        SDVariable actions = sd.placeHolder("actions", dataType, -1, -1);
        SDVariable flowOffset = sd.placeHolder("flowOffset", dataType, -1, loss.length() + 1);

        SDVariable e = x;
        int fanIn = inputDimension;
        for (int l = 0; l < architecture.encoderLayers(); l++) {
            SDVariable w = param("enc_w" + l, heUniform(rng, fanIn, h));
            SDVariable b = param("enc_b" + l, new double[1][h]);
            e = sd.nn.relu(e.mmul(w).add(b), 0.0);
            fanIn = h;
        }
        e = e.rename("embeddings");

        SDVariable wx = param("head_wx", heUniform(rng, 2 * h, h, h));
        SDVariable wc = param("head_wc", heUniform(rng, 2 * h, h, h));
        SDVariable hb = param("head_b", new double[1][h]);
        SDVariable v = param("head_out", heUniform(rng, h, h, 1));
        SDVariable pointProjection = e.mmul(wx).add(hb).rename("pointProjection");

        SDVariable context = members.mmul(e);
        SDVariable stateProjection = context.mmul(wc);
        SDVariable hidden = sd.nn.relu(pointProjection.reshape(1, -1, h).add(stateProjection.reshape(-1, 1, h)), 0.0);
        SDVariable logits = sd.reshape(hidden.reshape(-1, h).mmul(v), members.shape());
        SDVariable masked = logits.sub(members.mul(MASK_PENALTY));
        SDVariable max = masked.max(true, 1);
        SDVariable logSumExp = sd.math.log(sd.math.exp(masked.sub(max)).sum(true, 1)).add(max);
        SDVariable logProbs = masked.sub(logSumExp);
        SDVariable stepLogForward = logProbs.mul(actions).sum(1).reshape(-1, loss.length());

        SDVariable fw = param("flow_w0", heUniform(rng, h, h, h));
        SDVariable fb = param("flow_b0", new double[1][h]);
        SDVariable fu = param("flow_out", heUniform(rng, h, h, 1));
        SDVariable fa = param("flow_bias", new double[1][1]);
        SDVariable logFlowTilde = sd.nn.relu(context.mmul(fw).add(fb), 0.0).mmul(fu).add(fa)
                .reshape(-1, loss.length());

        SDVariable total = loss.define(sd, stepLogForward, logFlowTilde, flowOffset, dataType);
        sd.setLossVariables(total);
    }

    private SDVariable param(String name, double[][] init) {
        parameterNames.add(name);
        return sd.var(name, Nd4j.createFromArray(init).castTo(dataType));
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

    /** @return the architecture */
    public PolicyArchitecture architecture() {
        return architecture;
    }

    /** @return the loss the graph ends in */
    public SubTrajectoryBalanceLoss loss() {
        return loss;
    }

    /** @return the floating type of the graph */
    public DataType dataType() {
        return dataType;
    }

    /**
     * The live parameter arrays, by name, in a stable order. Updating them in place changes the network.
     *
     * @return an unmodifiable map from parameter name to its array
     */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String n : parameterNames) {
            out.put(n, sd.getVariable(n).getArr());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A frozen, gradient-free copy of the current policy: the pool is encoded once and the head's point projection
     * {@code W₁ e_x + b} precomputed, so each state then costs {@code H² + O(N·H)}.
     *
     * @return the snapshot
     */
    public PolicySnapshot snapshot() {
        Map<String, INDArray> out = sd.output(Map.of("pool", pool), "embeddings", "pointProjection");
        return new PolicySnapshot(toMatrix(out.get("embeddings")), toMatrix(out.get("pointProjection")),
                matrix("head_wc"), column("head_out"), matrix("flow_w0"), row("flow_b0"), column("flow_out"),
                sd.getVariable("flow_bias").getArr().getDouble(0));
    }

    private double[][] matrix(String name) {
        return toMatrix(sd.getVariable(name).getArr());
    }

    /** Bulk copy of a 2-D array to double[][] (INDArray.toDoubleMatrix reads element by element and is slow). */
    private static double[][] toMatrix(INDArray a) {
        int rows = (int) a.rows();
        int cols = (int) a.columns();
        double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    private double[] row(String name) {
        return sd.getVariable(name).getArr().toDoubleVector();
    }

    private double[] column(String name) {
        return sd.getVariable(name).getArr().reshape(-1).toDoubleVector();
    }

    /**
     * The SubTB loss of a batch of trajectories, forward only.
     *
     * @param trajectories complete trajectories of length B
     * @param temperature  the reward temperature T
     * @return the mean SubTB loss
     */
    public double loss(List<Trajectory> trajectories, double temperature) {
        return sd.output(placeholders(trajectories, temperature), "subtb_loss").get("subtb_loss").getDouble(0);
    }

    /**
     * The SubTB loss and its gradient with respect to every parameter, in one forward-backward pass over all
     * {@code T_b·B} states.
     *
     * @param trajectories complete trajectories of length B
     * @param temperature  the reward temperature T
     * @return the loss and the gradients by parameter name
     */
    public LossAndGradients lossAndGradients(List<Trajectory> trajectories, double temperature) {
        OutAndGrad og = sd.calculateGradientsAndOutputs(placeholders(trajectories, temperature),
                List.of("subtb_loss"), parameterNames);
        return new LossAndGradients(og.getOutputs().get("subtb_loss").getDouble(0), og.getGradients());
    }

    /**
     * The loss and gradients of one training step.
     *
     * @param loss      the mean SubTB loss
     * @param gradients gradient arrays by parameter name
     */
    public record LossAndGradients(double loss, Map<String, INDArray> gradients) {
    }

    private Map<String, INDArray> placeholders(List<Trajectory> trajectories, double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (trajectories.isEmpty()) {
            throw new IllegalArgumentException("no trajectories: a training step needs at least one");
        }
        int b = loss.length();
        int states = trajectories.size() * b;
        double[] members = new double[states * poolSize];
        double[] actions = new double[states * poolSize];
        double[] offsets = new double[trajectories.size() * (b + 1)];
        for (int t = 0; t < trajectories.size(); t++) {
            Trajectory tr = trajectories.get(t);
            if (tr.length() != b) {
                throw new IllegalArgumentException("trajectory " + t + " has length " + tr.length()
                        + " but the network was built for B = " + b);
            }
            for (int k = 0; k < b; k++) {
                int row = (t * b + k) * poolSize;
                for (int m = 0; m < k; m++) {
                    members[row + tr.actions()[m]] = 1;
                }
                int a = tr.actions()[k];
                if (a < 0 || a >= poolSize || members[row + a] != 0) {
                    throw new IllegalArgumentException("trajectory " + t + " step " + k + " takes action " + a
                            + ", which is outside the pool or already chosen");
                }
                actions[row + a] = 1;
                offsets[t * (b + 1) + k + 1] = tr.prefixJmi()[k] / temperature;
            }
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("pool", pool);
        ph.put("members", Nd4j.createFromArray(members).reshape(states, poolSize).castTo(dataType));
        ph.put("actions", Nd4j.createFromArray(actions).reshape(states, poolSize).castTo(dataType));
        ph.put("flowOffset", Nd4j.createFromArray(offsets).reshape(trajectories.size(), b + 1).castTo(dataType));
        return ph;
    }
}
