package org.batchgfn.gflownet.env;

/**
 * A complete trajectory {@code s0 = ∅ → s1 → … → sB} of the set-construction environment, with the reward
 * information the forward-looking sub-trajectory balance loss needs.
 *
 * @param actions   the B pool indices in the order they were added; state {@code s_k} is the first k of them
 * @param prefixJmi {@code prefixJmi[k]} is the JMI of state {@code s_{k+1}} (length B; the JMI of {@code s0} is 0),
 *                  from one Cholesky of the ordered batch
 *                  ({@link org.batchgfn.reward.JointMutualInformation#prefixValues(int[])})
 * @param flowBaseline {@code flowBaseline[k]} is the analytic log-flow baseline {@code b(s_k)} in nats of state
 *                  {@code s_k}, {@code k = 0..B−1} (length B; all 0 without a baseline), see
 *                  {@link org.batchgfn.gflownet.loss.FlowBaseline}
 */
public record Trajectory(int[] actions, double[] prefixJmi, double[] flowBaseline) {

    /**
     * A trajectory without a flow baseline ({@code b = 0}).
     *
     * @param actions   the B pool indices in order
     * @param prefixJmi the JMI of every non-empty prefix
     */
    public Trajectory(int[] actions, double[] prefixJmi) {
        this(actions, prefixJmi, new double[actions.length]);
    }

    /**
     * @throws IllegalArgumentException if the arrays differ in length or a JMI or baseline value is not finite
     */
    public Trajectory {
        if (actions.length != prefixJmi.length || actions.length != flowBaseline.length) {
            throw new IllegalArgumentException("trajectory has " + actions.length + " actions but "
                    + prefixJmi.length + " prefix rewards and " + flowBaseline.length + " flow baselines");
        }
        for (int k = 0; k < prefixJmi.length; k++) {
            if (!Double.isFinite(prefixJmi[k])) {
                throw new IllegalArgumentException("prefix JMI " + k + " is " + prefixJmi[k] + "; must be finite");
            }
            if (!Double.isFinite(flowBaseline[k])) {
                throw new IllegalArgumentException("flow baseline " + k + " is " + flowBaseline[k]
                        + "; must be finite");
            }
        }
    }

    /** @return B, the number of steps */
    public int length() {
        return actions.length;
    }

    /** @return the JMI of the terminal set */
    public double terminalJmi() {
        return prefixJmi[prefixJmi.length - 1];
    }
}
