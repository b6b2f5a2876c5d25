package org.batchgfn.gflownet.loss;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicyPass;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * SubTB(λ) over every sub-trajectory of complete trajectories {@code s0 … sB}:
 * <pre>
 *   L(τ) = Σ_{0≤i&lt;j≤B} λ^(j−i) · ( log F(s_i) + Σ_{k=i}^{j−1} [log PF(s_{k+1}|s_k) − log PB(s_k|s_{k+1})] − log F(s_j) )²
 *          / Σ_{0≤i&lt;j≤B} λ^(j−i)
 * </pre>
 * averaged over the trajectories of a training step. With {@code c_k = Σ_{m<k} (log PF_m − log PB_m)} and
 * {@code u_k = log F(s_k) − c_k} every residual is {@code u_i − u_j}, so one trajectory costs O(B²).
 * <p>
 * Forward-looking parametrisation: {@code log F(s) = log F̃(s) + JMI(s)/T} with {@code log F̃(s_B) = 0}, so
 * {@code log F(s_B) = log R(s_B) = JMI(s_B)/T}; the network learns {@code log F̃} of the non-terminal states.
 * <p>
 * {@link #lossAndGradients(PolicyNetwork, List, double)} is the training step's objective: one batched
 * {@link PolicyPass} of the network over all {@code T_b·B} states gives {@code log PF} and {@code log F̃}, this class
 * adds the reward terms, averages the trajectory losses and hands their gradient back to the pass's backward step.
 * The network knows nothing of λ (torchgfn's split of estimators and losses). Instances are immutable.
 */
public final class SubTrajectoryBalanceLoss {

    private final double lambda;
    private final int length;
    private final double[][] pairWeights;
    private final double weightSum;

    /**
     * @param lambda the sub-trajectory decay λ, in {@code (0, ∞)} (0.9 in the paper)
     * @param length B, the number of transitions per trajectory, at least 1
     * @throws IllegalArgumentException for a non-positive or non-finite λ or B &lt; 1
     */
    public SubTrajectoryBalanceLoss(double lambda, int length) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("SubTB lambda must be finite and > 0, got " + lambda);
        }
        if (length < 1) {
            throw new IllegalArgumentException("trajectory length must be >= 1, got " + length);
        }
        this.lambda = lambda;
        this.length = length;
        this.pairWeights = new double[length + 1][length + 1];
        double sum = 0;
        for (int i = 0; i <= length; i++) {
            for (int j = i + 1; j <= length; j++) {
                pairWeights[i][j] = Math.pow(lambda, j - i);
                sum += pairWeights[i][j];
            }
        }
        this.weightSum = sum;
    }

    /** @return λ */
    public double lambda() {
        return lambda;
    }

    /** @return B */
    public int length() {
        return length;
    }

    private void checkLengths(double[] logFlow, double[] logForward, double[] logBackward) {
        if (logFlow.length != length + 1 || logForward.length != length || logBackward.length != length) {
            throw new IllegalArgumentException("expected " + (length + 1) + " flows and " + length
                    + " forward/backward log-probabilities, got " + logFlow.length + ", " + logForward.length
                    + ", " + logBackward.length);
        }
    }

    /** {@code u_k = log F(s_k) − Σ_{m<k} (log PF_m − log PB_m)}: every residual is {@code u_i − u_j}. */
    private double[] residualTerms(double[] logFlow, double[] logForward, double[] logBackward) {
        double[] u = new double[length + 1];
        double c = 0;
        for (int k = 0; k <= length; k++) {
            u[k] = logFlow[k] - c;
            if (k < length) {
                c += logForward[k] - logBackward[k];
            }
        }
        return u;
    }

    /**
     * The loss of one trajectory, in double precision.
     *
     * @param logFlow           {@code log F(s_k)} for {@code k = 0..B} (length B+1; the last is log R)
     * @param logForward        {@code log PF(s_{k+1}|s_k)} for {@code k = 0..B−1}
     * @param logBackward       {@code log PB(s_k|s_{k+1})} for {@code k = 0..B−1}
     * @return the normalised weighted sum of squared sub-trajectory residuals
     * @throws IllegalArgumentException on length mismatch
     */
    public double trajectoryLoss(double[] logFlow, double[] logForward, double[] logBackward) {
        checkLengths(logFlow, logForward, logBackward);
        double[] u = residualTerms(logFlow, logForward, logBackward);
        double total = 0;
        for (int i = 0; i <= length; i++) {
            for (int j = i + 1; j <= length; j++) {
                double r = u[i] - u[j];
                total += pairWeights[i][j] * r * r;
            }
        }
        return total / weightSum;
    }

    /**
     * The gradient of {@link #trajectoryLoss} with respect to its inputs (the backward policy is fixed, so it gets
     * none). With {@code g_k = ∂L/∂u_k = (2/W)·(Σ_{j>k} w_kj (u_k − u_j) − Σ_{i<k} w_ik (u_i − u_k))}:
     * {@code ∂L/∂log F(s_k) = g_k} and {@code ∂L/∂log PF_m = −Σ_{k>m} g_k}.
     *
     * @param logFlow     {@code log F(s_k)}, {@code k = 0..B}
     * @param logForward  {@code log PF(s_{k+1}|s_k)}, {@code k = 0..B−1}
     * @param logBackward {@code log PB(s_k|s_{k+1})}, {@code k = 0..B−1}
     * @return {@code {∂L/∂logFlow (length B+1), ∂L/∂logForward (length B)}}
     * @throws IllegalArgumentException on length mismatch
     */
    public double[][] trajectoryGradient(double[] logFlow, double[] logForward, double[] logBackward) {
        checkLengths(logFlow, logForward, logBackward);
        double[] u = residualTerms(logFlow, logForward, logBackward);
        double[] du = new double[length + 1];
        for (int i = 0; i <= length; i++) {
            for (int j = i + 1; j <= length; j++) {
                double g = 2 * pairWeights[i][j] * (u[i] - u[j]) / weightSum;
                du[i] += g;
                du[j] -= g;
            }
        }
        double[] dForward = new double[length];
        double suffix = 0;
        for (int m = length - 1; m >= 0; m--) {
            suffix += du[m + 1];
            dForward[m] = -suffix;
        }
        return new double[][]{du, dForward};
    }

    /**
     * The mean SubTB loss of a batch of trajectories under a network's current policy, forward only.
     *
     * @param network      the policy network (its B must equal this loss's)
     * @param trajectories complete trajectories of length B, with their prefix rewards
     * @param temperature  the reward temperature T
     * @return the mean SubTB loss
     * @throws IllegalArgumentException for a non-positive or non-finite temperature, no trajectories, a network
     *                                  built for another B, or a trajectory of the wrong length or with invalid
     *                                  actions
     */
    public double loss(PolicyNetwork network, List<Trajectory> trajectories, double temperature) {
        return new Objective(network, trajectories, temperature, null).value;
    }

    /**
     * The mean SubTB loss and its gradient with respect to every parameter of the network, in one forward-backward
     * pass over all {@code T_b·B} states.
     *
     * @param network      the policy network (its B must equal this loss's)
     * @param trajectories complete trajectories of length B, with their prefix rewards
     * @param temperature  the reward temperature T
     * @return the loss and the gradients by parameter name (same shapes as {@link PolicyNetwork#parameters()})
     * @throws IllegalArgumentException as {@link #loss(PolicyNetwork, List, double)}
     */
    public LossAndGradients lossAndGradients(PolicyNetwork network, List<Trajectory> trajectories,
                                             double temperature) {
        return lossAndGradients(network, trajectories, temperature, null);
    }

    /**
     * {@link #lossAndGradients(PolicyNetwork, List, double)} for trajectories sampled from a recording snapshot of
     * the network ({@link PolicyNetwork#recordingSnapshot()}): the pass reuses the logits the sampler computed
     * ({@link PolicyNetwork#forward(int[][], PolicySnapshot)}); the loss and gradients are bit for bit the same.
     *
     * @param network      the policy network (its B must equal this loss's)
     * @param trajectories complete trajectories of length B, with their prefix rewards
     * @param temperature  the reward temperature T
     * @param sampledWith  the snapshot the on-policy trajectories were sampled from, or null
     * @return the loss and the gradients by parameter name
     * @throws IllegalArgumentException as {@link #loss(PolicyNetwork, List, double)}
     */
    public LossAndGradients lossAndGradients(PolicyNetwork network, List<Trajectory> trajectories,
                                             double temperature, PolicySnapshot sampledWith) {
        return lossAndGradients(network, trajectories, temperature, sampledWith, null);
    }

    /**
     * {@link #lossAndGradients(PolicyNetwork, List, double, PolicySnapshot)} writing the gradients into arrays the
     * caller keeps from step to step ({@link PolicyNetwork#newGradientArrays()}), as the trainer does: an ND4J array
     * costs 20–80 µs to create on the project's machine, and a step has a dozen parameter arrays.
     *
     * @param network       the policy network (its B must equal this loss's)
     * @param trajectories  complete trajectories of length B, with their prefix rewards
     * @param temperature   the reward temperature T
     * @param sampledWith   the snapshot the on-policy trajectories were sampled from, or null
     * @param gradientsInto arrays to overwrite with the gradients (every entry is written), or null for new ones
     * @return the loss and the gradients by parameter name (the arrays of {@code gradientsInto} when given)
     * @throws IllegalArgumentException as {@link #loss(PolicyNetwork, List, double)}, or if {@code gradientsInto}
     *                                  does not match the parameters ({@link PolicyPass#backward(double[], double[], Map)})
     */
    public LossAndGradients lossAndGradients(PolicyNetwork network, List<Trajectory> trajectories,
                                             double temperature, PolicySnapshot sampledWith,
                                             Map<String, INDArray> gradientsInto) {
        Objective objective = new Objective(network, trajectories, temperature, sampledWith);
        return new LossAndGradients(objective.value, objective.gradients(gradientsInto));
    }

    /**
     * The loss and gradients of one training step.
     *
     * @param loss      the mean SubTB loss
     * @param gradients gradient arrays by parameter name
     */
    public record LossAndGradients(double loss, Map<String, INDArray> gradients) {
    }

    /** {@code log PB(s_k | s_{k+1})} of the uniform backward policy, {@code k = 0..B−1}. */
    private double[] logBackward() {
        double[] out = new double[length];
        for (int k = 0; k < length; k++) {
            out[k] = SetConstructionEnvironment.logBackwardProbability(k + 1);
        }
        return out;
    }

    /** The SubTB objective over one batched pass of the network. */
    private final class Objective {
        private final List<Trajectory> trajectories;
        private final double temperature;
        private final PolicyPass pass;
        private final double[] logFlowTilde;
        private final double[] logForward;
        private final double[] logBackward = logBackward();
        private final double value;

        Objective(PolicyNetwork network, List<Trajectory> trajectories, double temperature,
                  PolicySnapshot sampledWith) {
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
            }
            if (trajectories.isEmpty()) {
                throw new IllegalArgumentException("no trajectories: a training step needs at least one");
            }
            if (network.batchSize() != length) {
                throw new IllegalArgumentException("the network samples batches of " + network.batchSize()
                        + " points but the loss is over trajectories of length " + length);
            }
            int[][] actions = new int[trajectories.size()][];
            for (int t = 0; t < actions.length; t++) {
                actions[t] = trajectories.get(t).actions();
            }
            this.trajectories = trajectories;
            this.temperature = temperature;
            this.pass = network.forward(actions, sampledWith);
            this.logFlowTilde = pass.logFlowTilde();
            this.logForward = pass.logForward();
            double total = 0;
            for (int t = 0; t < actions.length; t++) {
                total += trajectoryLoss(logFlow(t), logForwardOf(t), logBackward);
            }
            this.value = total / actions.length;
        }

        private double[] logFlow(int t) {
            double[] jmi = trajectories.get(t).prefixJmi();
            double[] baseline = trajectories.get(t).flowBaseline();
            double[] out = new double[length + 1];
            for (int k = 0; k < length; k++) {
                // log F = net + (b(s) + JMI(s))/T; b(s) is a constant, so ∂L/∂net = ∂L/∂log F.
                out[k] = logFlowTilde[t * length + k] + ((k == 0 ? 0.0 : jmi[k - 1]) + baseline[k]) / temperature;
            }
            out[length] = jmi[length - 1] / temperature;
            return out;
        }

        private double[] logForwardOf(int t) {
            return Arrays.copyOfRange(logForward, t * length, (t + 1) * length);
        }

        Map<String, INDArray> gradients(Map<String, INDArray> into) {
            int count = trajectories.size();
            double scale = 1.0 / count;
            double[] dLogFlowTilde = new double[count * length];
            double[] dLogForward = new double[count * length];
            for (int t = 0; t < count; t++) {
                double[][] gr = trajectoryGradient(logFlow(t), logForwardOf(t), logBackward);
                for (int k = 0; k < length; k++) {
                    dLogFlowTilde[t * length + k] = scale * gr[0][k];
                    dLogForward[t * length + k] = scale * gr[1][k];
                }
            }
            return into == null ? pass.backward(dLogForward, dLogFlowTilde)
                    : pass.backward(dLogForward, dLogFlowTilde, into);
        }
    }
}
