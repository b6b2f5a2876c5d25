package org.batchgfn.gflownet.loss;

import org.batchgfn.reward.BatchReward;
import org.batchgfn.reward.JointMutualInformation;
import org.batchgfn.reward.MarginalGains;

/**
 * An analytic baseline {@code b(s)} of the forward-looking log-flow: the network learns only the residual in
 * <pre>
 *   log F(s) = log F̃(s) + JMI(s)/T,   log F̃(s) = b(s)/T + net(s),
 * </pre>
 * where {@code b(s)} estimates the JMI still achievable from the partial batch s. At low temperature
 * {@code log F(s) ≈ max_{x ⊇ s} JMI(x)/T}, so without a baseline the flow head must output
 * {@code (max JMI − JMI(s))/T} (about 1600 at the root for the toy task at T = 0.01), far beyond what Adam moves a
 * network at lr 1e-3 in 5000 steps. {@code b(s)} is a constant with respect to the parameters, so the SubTB loss
 * and its gradient with respect to {@code net(s)} are those of the unshifted parametrisation, and a perfect
 * {@code net} still makes the loss zero (only the target {@code net} must reach changes).
 * Terminal states have {@code b = 0}, so {@code log F(s_B) = log R(s_B)} is kept.
 */
public enum FlowBaseline {

    /** {@code b(s) = 0}: the network learns the whole {@code log F̃} (the paper's parametrisation). */
    NONE,

    /**
     * {@code b(s)} = the JMI gained by completing s greedily to B points (greedy BatchBALD from s, by rank-1
     * updates of {@link MarginalGains}): a lower bound of the best completion, within the {@code 1 − 1/e}
     * guarantee of greedy maximisation of this submodular JMI and close to it in practice. Costs
     * {@code B(B+1)/2} rank-1 updates per trajectory.
     */
    GREEDY_COMPLETION,

    /**
     * {@code b(s)} = the sum of the {@code B − |s|} largest current marginal gains {@code Δ(x | s)}: an upper bound
     * of the best completion (the JMI is submodular, so no completion gains more); cheap (B rank-1 updates per
     * trajectory) but loose when the top points are redundant.
     */
    TOP_GAINS_BOUND;

    /**
     * The baseline of every non-terminal state of a trajectory.
     *
     * @param reward  the batch reward; must be a {@link JointMutualInformation} unless this is {@link #NONE}
     * @param actions the B pool indices of the trajectory, in order
     * @return {@code b(s_k)} in nats for {@code k = 0..B−1}
     * @throws IllegalArgumentException if a baseline other than NONE is asked of a reward that is not the JMI
     */
    public double[] remainingValues(BatchReward reward, int[] actions) {
        int b = actions.length;
        double[] out = new double[b];
        if (this == NONE) {
            return out;
        }
        if (!(reward instanceof JointMutualInformation jmi)) {
            throw new IllegalArgumentException("flow baseline " + this + " needs the JMI reward ("
                    + JointMutualInformation.NAME + "), got '" + reward.name() + "'; use flow baseline NONE");
        }
        MarginalGains state = jmi.marginalGains();
        double[] gains = new double[state.poolSize()];
        for (int k = 0; k < b; k++) {
            out[k] = this == GREEDY_COMPLETION ? greedyCompletionGain(state, b - k)
                    : topGainsSum(state, b - k, gains);
            state.add(actions[k]);
        }
        return out;
    }

    private static double greedyCompletionGain(MarginalGains state, int remaining) {
        MarginalGains g = state.copy();
        double start = g.value();
        for (int r = 0; r < remaining; r++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < g.poolSize(); x++) {
                if (!g.isSelected(x)) {
                    double gain = g.gain(x);
                    if (gain > bestGain) {
                        bestGain = gain;
                        best = x;
                    }
                }
            }
            g.add(best);
        }
        return g.value() - start;
    }

    private static double topGainsSum(MarginalGains state, int remaining, double[] gains) {
        state.gains(gains);
        double[] top = new double[remaining];
        java.util.Arrays.fill(top, Double.NEGATIVE_INFINITY);
        for (int x = 0; x < gains.length; x++) {
            if (state.isSelected(x) || gains[x] <= top[remaining - 1]) {
                continue;
            }
            int i = remaining - 1;
            while (i > 0 && top[i - 1] < gains[x]) {
                top[i] = top[i - 1];
                i--;
            }
            top[i] = gains[x];
        }
        double sum = 0;
        for (double v : top) {
            sum += v;
        }
        return sum;
    }
}
