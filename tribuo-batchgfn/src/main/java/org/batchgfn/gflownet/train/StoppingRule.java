package org.batchgfn.gflownet.train;

import java.util.function.LongSupplier;

/**
 * The stopping decision of one training phase: its step count and {@link TrainingBudget}, consulted once per step.
 * The trainer reports each step's best terminal reward ({@link #observe}), then asks {@link #check} whether to go
 * on. Rules are checked in the order steps, convergence, time (the deterministic ones first), and the time and
 * convergence rules only after a first step, so a phase with a positive step count always takes one. Mutable, one
 * per phase.
 */
final class StoppingRule {

    private final int maxSteps;
    private final TrainingBudget budget;
    private final LongSupplier nanoClock;
    private final long start;
    private double best = Double.NEGATIVE_INFINITY;
    private int observed;
    private int lastImprovement;

    /**
     * @param maxSteps  the step count, ≥ 0
     * @param budget    the time and convergence rules
     * @param nanoClock nanosecond clock; the phase's time starts now
     */
    StoppingRule(int maxSteps, TrainingBudget budget, LongSupplier nanoClock) {
        if (maxSteps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
        this.budget = budget;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /**
     * Records one step's signal: the best terminal reward of its on-policy training trajectories. A value that
     * exceeds the best so far by more than {@code tolerance·|best|} is an improvement; NaN is ignored.
     *
     * @param reward the step's best terminal reward
     */
    void observe(double reward) {
        observed++;
        boolean improved = best == Double.NEGATIVE_INFINITY ? reward > best
                : reward > best + budget.tolerance() * Math.abs(best);
        if (improved) {
            best = reward;
            lastImprovement = observed;
        }
    }

    /**
     * @param stepsDone steps finished in this phase
     * @return why to stop now, or null to take another step
     */
    StopReason check(int stepsDone) {
        if (stepsDone >= maxSteps) {
            return StopReason.STEPS;
        }
        if (stepsDone == 0) {
            return null;
        }
        if (budget.convergenceOn() && observed - lastImprovement >= budget.patience()) {
            return StopReason.CONVERGED;
        }
        if (budget.timeLimited() && elapsedSeconds() >= budget.maxSeconds()) {
            return StopReason.TIME_BUDGET;
        }
        return null;
    }

    /** @return the best reward observed, or −∞ before any */
    double best() {
        return best;
    }

    /** @return seconds since the phase started, by the clock */
    double elapsedSeconds() {
        return (nanoClock.getAsLong() - start) / 1e9;
    }
}
