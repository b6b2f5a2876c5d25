package org.batchgfn.gflownet.loss;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

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
 * Instances are immutable.
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
        if (logFlow.length != length + 1 || logForward.length != length || logBackward.length != length) {
            throw new IllegalArgumentException("expected " + (length + 1) + " flows and " + length
                    + " forward/backward log-probabilities, got " + logFlow.length + ", " + logForward.length
                    + ", " + logBackward.length);
        }
        double[] u = new double[length + 1];
        double c = 0;
        for (int k = 0; k <= length; k++) {
            u[k] = logFlow[k] - c;
            if (k < length) {
                c += logForward[k] - logBackward[k];
            }
        }
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
     * Adds the loss to a SameDiff graph for a batch of {@code T_b} trajectories, with the uniform backward policy
     * {@code log PB(s_k | s_{k+1}) = −log(k+1)}.
     *
     * @param sd           the graph
     * @param logForward   {@code [T_b, B]} log PF of each taken action
     * @param logFlowTilde {@code [T_b, B]} learned {@code log F̃(s_k)}, {@code k = 0..B−1}
     * @param flowOffset   {@code [T_b, B+1]} the forward-looking offsets {@code JMI(s_k)/T}, {@code k = 0..B}
     * @param dataType     the graph's floating type
     * @return a scalar: the mean over trajectories of {@link #trajectoryLoss}
     */
    public SDVariable define(SameDiff sd, SDVariable logForward, SDVariable logFlowTilde, SDVariable flowOffset,
                             DataType dataType) {
        int b = length;
        // pad[k][k] = 1 for k < B: appends the terminal log F̃ = 0 column.
        double[][] pad = new double[b][b + 1];
        // tri[m][k] = 1 for m < k: cumulative sums c_k.
        double[][] tri = new double[b][b + 1];
        for (int m = 0; m < b; m++) {
            pad[m][m] = 1;
            for (int k = m + 1; k <= b; k++) {
                tri[m][k] = 1;
            }
        }
        int pairs = b * (b + 1) / 2;
        double[][] diff = new double[b + 1][pairs];
        double[][] weights = new double[pairs][1];
        int p = 0;
        for (int i = 0; i <= b; i++) {
            for (int j = i + 1; j <= b; j++) {
                diff[i][p] = 1;
                diff[j][p] = -1;
                weights[p][0] = pairWeights[i][j] / weightSum;
                p++;
            }
        }
        double[] logPb = new double[b];
        for (int k = 0; k < b; k++) {
            logPb[k] = -Math.log(k + 1.0);
        }
        SDVariable padC = sd.constant("subtb_pad", Nd4j.createFromArray(pad).castTo(dataType));
        SDVariable triC = sd.constant("subtb_cumsum", Nd4j.createFromArray(tri).castTo(dataType));
        SDVariable diffC = sd.constant("subtb_pairs", Nd4j.createFromArray(diff).castTo(dataType));
        SDVariable weightC = sd.constant("subtb_weights", Nd4j.createFromArray(weights).castTo(dataType));
        SDVariable logPbC = sd.constant("subtb_logpb", Nd4j.createFromArray(logPb).reshape(1, b).castTo(dataType));

        SDVariable logFlow = logFlowTilde.mmul(padC).add(flowOffset);
        SDVariable cum = logForward.sub(logPbC).mmul(triC);
        SDVariable u = logFlow.sub(cum);
        SDVariable residual = u.mmul(diffC);
        SDVariable perTrajectory = residual.mul(residual).mmul(weightC);
        return perTrajectory.mean().rename("subtb_loss");
    }
}
