package org.batchgfn.gflownet.train;

/**
 * When BatchGFN training stops besides its step count ({@link TrainerSettings#steps()}): a wall-clock budget and a
 * convergence rule. Training stops at the first of the three that is met, checked after every step
 * ({@link StoppingRule}), and reports which one ({@link StopReason}).
 * <ul>
 *   <li>time: the training phase's wall-clock seconds reach {@code maxSeconds} (0: no time limit). A run stopped
 *       by time depends on the machine's speed, so it is not reproducible from the seed alone; the other two rules
 *       are.</li>
 *   <li>convergence: the best terminal reward (JMI) of the on-policy training trajectories sampled so far has not
 *       risen by more than {@code tolerance·|best|} for {@code patience} consecutive steps (0: off). The signal
 *       costs nothing (the rewards are computed for the loss anyway); with T_b trajectories per step it covers
 *       {@code patience·T_b} sampled batches.</li>
 * </ul>
 * The defaults ({@link #DEFAULT}: {@value #DEFAULT_MAX_SECONDS} s, patience {@value #DEFAULT_PATIENCE},
 * tolerance {@value #DEFAULT_TOLERANCE}) are the configured {@code BatchGfnAcquisition}'s and the CLI's; the
 * shorter {@link TrainerSettings} constructors use {@link #STEPS_ONLY}, so code that sets only a step count trains
 * exactly that many steps. Immutable.
 *
 * @param maxSeconds wall-clock budget of one training phase in seconds, finite and ≥ 0; 0 for no time limit
 * @param patience   steps without improvement after which training has converged, ≥ 0; 0 turns the rule off
 * @param tolerance  relative improvement of the best reward that counts as one, in [0, 1)
 */
public record TrainingBudget(double maxSeconds, int patience, double tolerance) {

    /** Default wall-clock budget of a training phase, seconds. */
    public static final double DEFAULT_MAX_SECONDS = 60.0;
    /**
     * Default convergence patience, steps. Measured on the README's diabetes files (pool 200, B = 10, the CLI's
     * network): the best training reward reached greedy BatchBALD's JMI at steps 3792 and 3796 on seeds 0 and 1,
     * after gaps without improvement of up to 626 and 1400 steps; patience 1000 stopped seed 1 at step 3396 with
     * 0.998 of BatchBALD's JMI, where 5000 steps reach 1.000.
     */
    public static final int DEFAULT_PATIENCE = 1500;
    /** Default relative tolerance of the convergence rule. */
    public static final double DEFAULT_TOLERANCE = 1e-3;

    /** The defaults: a one-minute budget and convergence on. */
    public static final TrainingBudget DEFAULT = new TrainingBudget(DEFAULT_MAX_SECONDS, DEFAULT_PATIENCE,
            DEFAULT_TOLERANCE);

    /** No time limit and no convergence rule: training takes exactly its step count. */
    public static final TrainingBudget STEPS_ONLY = new TrainingBudget(0, 0, 0);

    /**
     * @throws IllegalArgumentException naming the invalid value and what is allowed
     */
    public TrainingBudget {
        if (!(maxSeconds >= 0) || !Double.isFinite(maxSeconds)) {
            throw new IllegalArgumentException("training budget maxSeconds must be finite and >= 0 (0: no time "
                    + "limit), got " + maxSeconds);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("convergence patience must be >= 0 steps (0: no convergence rule), "
                    + "got " + patience);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("convergence tolerance must be in [0, 1) (a relative improvement "
                    + "of the best reward), got " + tolerance);
        }
    }

    /** @return whether the wall-clock rule is on */
    public boolean timeLimited() {
        return maxSeconds > 0;
    }

    /** @return whether the convergence rule is on */
    public boolean convergenceOn() {
        return patience > 0;
    }

    /**
     * @param seconds the wall-clock budget (0: none)
     * @return a copy with that budget
     */
    public TrainingBudget withMaxSeconds(double seconds) {
        return new TrainingBudget(seconds, patience, tolerance);
    }

    /**
     * @param steps the convergence patience (0: off)
     * @return a copy with that patience
     */
    public TrainingBudget withPatience(int steps) {
        return new TrainingBudget(maxSeconds, steps, tolerance);
    }
}
