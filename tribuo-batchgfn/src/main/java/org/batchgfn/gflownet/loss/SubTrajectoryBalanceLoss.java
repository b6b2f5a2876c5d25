package org.batchgfn.gflownet.loss;


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
}
