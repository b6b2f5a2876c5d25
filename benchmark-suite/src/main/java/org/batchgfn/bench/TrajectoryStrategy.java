package org.batchgfn.bench;

import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.BatchGfnAcquisition;

import java.util.function.Supplier;

/**
 * One strategy of an active-learning experiment: the name its rows carry, the instance each trajectory (one seed
 * set, rounds 1…R) asks, and the policy-training steps a round costs (for the progress bar).
 * <p>
 * A stateless strategy is shared by every trajectory. A strategy that carries state from round to round (BatchGFN in
 * the CONTINUE or LOOKAHEAD mode holds its policy) gets a fresh instance per trajectory, so a seed set never starts
 * from another seed set's policy; such a trajectory cannot replay recorded rounds without asking the strategy, so
 * on resume it is recomputed from its seed set ({@link ReplayingStrategy}).
 */
final class TrajectoryStrategy {

    private final String name;
    private final Supplier<AcquisitionStrategy> fresh;
    private final boolean carriesState;
    private final int firstRoundSteps;
    private final int laterRoundSteps;

    private TrajectoryStrategy(String name, Supplier<AcquisitionStrategy> fresh, boolean carriesState,
                               int firstRoundSteps, int laterRoundSteps) {
        this.name = name;
        this.fresh = fresh;
        this.carriesState = carriesState;
        this.firstRoundSteps = firstRoundSteps;
        this.laterRoundSteps = laterRoundSteps;
    }

    /**
     * @param strategy      a strategy that keeps no state between calls, shared by every trajectory under its own
     *                      name
     * @param stepsPerRound policy-training steps of each round (0 for a strategy that trains nothing)
     * @return the strategy
     */
    static TrajectoryStrategy shared(AcquisitionStrategy strategy, int stepsPerRound) {
        return new TrajectoryStrategy(strategy.name(), () -> strategy, false, stepsPerRound, stepsPerRound);
    }

    /**
     * @param name      the name in the results, e.g. {@code batchgfn-continue}
     * @param base      the configured BatchGFN strategy (its training steps are the first round's)
     * @param mode      CONTINUE or LOOKAHEAD
     * @param carryOver the carried steps and lookaheads
     * @return the strategy; each trajectory gets a new copy of {@code base} in that mode, with no carried policy
     */
    static TrajectoryStrategy carrying(String name, BatchGfnAcquisition base, BatchGfnAcquisition.CarryOver mode,
                                       CarryOverConfig carryOver) {
        int ahead = mode == BatchGfnAcquisition.CarryOver.LOOKAHEAD
                ? carryOver.lookaheads() * carryOver.stepsPerLookahead() : 0;
        return new TrajectoryStrategy(name, () -> carryOver.apply(base, mode), true,
                base.trainerSettings().steps() + ahead, carryOver.carriedSteps() + ahead);
    }

    /** @return the name in the results */
    String name() {
        return name;
    }

    /** @return the instance a new trajectory asks: a fresh one for a strategy that carries state, else the shared one */
    AcquisitionStrategy forTrajectory() {
        return fresh.get();
    }

    /** @return whether the strategy carries state between rounds (and so cannot replay recorded rounds) */
    boolean carriesState() {
        return carriesState;
    }

    /**
     * @param round a round, 0 for the seed set
     * @return its policy-training steps, lookahead steps included (0 in round 0)
     */
    int trainingSteps(int round) {
        return round == 0 ? 0 : round == 1 ? firstRoundSteps : laterRoundSteps;
    }

    @Override
    public String toString() {
        return name + ": " + fresh.get();
    }
}
