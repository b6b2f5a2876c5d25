package org.batchgfn.gflownet.train;

/**
 * How the Adam learning rates of a training run change over its steps: a factor applied to every configured rate
 * (policy, log-flow head and logit layer alike) at each step of one {@link BatchGfnTrainer#train} call.
 * <p>
 * Why a decay: at low temperature (T = 0.01) the large rates the flow and logit layers need to reach the reward's
 * scale also make late training oscillate, so the best-of-K batches of the final policy can be worse than those of
 * a policy some hundred steps earlier (seen on the toy task: 0.93 of greedy at step 2000, 0.83 at step 5000).
 * Decaying the rates over the run lets the policy settle where it ends.
 */
public enum LearningRateSchedule {

    /** The configured rates at every step (the paper). */
    CONSTANT,

    /**
     * Linear decay from the configured rates at the first step to {@value #LINEAR_DECAY_FLOOR} of them at the last
     * step of the run (a run of one step keeps the configured rates).
     */
    LINEAR_DECAY;

    /** The fraction of the configured rates that {@link #LINEAR_DECAY} reaches at the last step. */
    public static final double LINEAR_DECAY_FLOOR = 0.05;

    /**
     * @param step  the 1-based step of the run
     * @param steps the run's number of steps
     * @return the factor on the configured learning rates at that step
     * @throws IllegalArgumentException if the step is outside {@code [1, steps]}
     */
    public double factor(int step, int steps) {
        if (step < 1 || step > steps) {
            throw new IllegalArgumentException("step " + step + " is outside the run's steps [1, " + steps + "]");
        }
        if (this == CONSTANT || steps == 1) {
            return 1.0;
        }
        return 1.0 - (1.0 - LINEAR_DECAY_FLOOR) * (step - 1) / (steps - 1);
    }
}
