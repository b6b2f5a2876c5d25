package org.batchgfn.gflownet.train;

/**
 * Why a BatchGFN training phase stopped: the first of the rules of its {@link TrainingBudget} and step count that
 * was met, checked after every step ({@link StoppingRule}).
 */
public enum StopReason {
    /** The configured number of steps was taken. */
    STEPS("step count reached"),
    /** The wall-clock budget ({@link TrainingBudget#maxSeconds()}) was spent. */
    TIME_BUDGET("time budget spent"),
    /**
     * The best terminal reward of the training trajectories did not improve by more than the relative tolerance
     * for {@link TrainingBudget#patience()} steps.
     */
    CONVERGED("converged");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    /** @return a short lower-case description for messages, e.g. {@code "converged"} */
    public String label() {
        return label;
    }
}
