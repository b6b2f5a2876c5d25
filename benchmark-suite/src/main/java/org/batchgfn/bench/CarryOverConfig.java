package org.batchgfn.bench;

import org.batchgfn.acquisition.BatchGfnAcquisition;

import java.util.Map;

/**
 * How the amortised BatchGFN strategies of the {@code al} experiment carry their policy from one round to the next
 * ({@link BatchGfnAcquisition.CarryOver#CONTINUE} and {@link BatchGfnAcquisition.CarryOver#LOOKAHEAD}): the first
 * round of a trajectory trains the configured training steps from fresh weights; every later round starts from the
 * carried policy and trains only {@code carriedSteps}; the lookahead mode then also trains {@code lookaheads ×
 * stepsPerLookahead} steps on hallucinated next rounds after each choice (paper Algorithm 1).
 *
 * @param carriedSteps      training steps of a round that starts from a carried policy (≥ 1)
 * @param lookaheads        LOOKAHEAD: hallucinated acquisitions trained on after each choice (≥ 0)
 * @param stepsPerLookahead LOOKAHEAD: training steps on each (≥ 0)
 */
public record CarryOverConfig(int carriedSteps, int lookaheads, int stepsPerLookahead) {

    /**
     * The carried steps of both presets as a fraction of the first round's training steps; chosen by measurement
     * (README, "Amortised active learning": a tenth kept the continued policy's final RMSE level with the
     * re-initialised one at a ninth of its later rounds' training time).
     */
    public static final double CARRIED_FRACTION = 0.1;

    /** Validates the counts. */
    public CarryOverConfig {
        BenchConfig.positive("carried steps", carriedSteps);
        if (lookaheads < 0) {
            throw new IllegalArgumentException("lookaheads must be >= 0, got " + lookaheads);
        }
        if (stepsPerLookahead < 0) {
            throw new IllegalArgumentException("lookahead steps must be >= 0, got " + stepsPerLookahead);
        }
    }

    /** Lookaheads L of both presets. */
    public static final int DEFAULT_LOOKAHEADS = 2;

    /**
     * The presets' carry-over for a given first-round budget: {@link #CARRIED_FRACTION} of it per carried round
     * ({@link #withCarriedSteps}).
     *
     * @param trainingSteps the first round's training steps
     * @return the carry-over settings
     */
    public static CarryOverConfig forTrainingSteps(int trainingSteps) {
        return withCarriedSteps(carriedStepsFor(trainingSteps));
    }

    /**
     * @param carriedSteps training steps of a carried round
     * @return those, and {@link #DEFAULT_LOOKAHEADS} lookaheads of a quarter as many steps each: a lookahead round
     *         trains 1.5 times the carried steps, and since a step of the train-set-conditioned policy costs about
     *         1.5 times an unconditioned one (measured in the README), about a quarter of a re-initialised round's
     *         time when the carried steps are a tenth of its steps
     * @throws IllegalArgumentException if {@code carriedSteps < 1}
     */
    public static CarryOverConfig withCarriedSteps(int carriedSteps) {
        return new CarryOverConfig(carriedSteps, DEFAULT_LOOKAHEADS, Math.max(1, (int) Math.round(carriedSteps / 4.0)));
    }

    /**
     * @param trainingSteps the first round's training steps
     * @return {@link #CARRIED_FRACTION} of them, at least 1
     */
    public static int carriedStepsFor(int trainingSteps) {
        return Math.max(1, (int) Math.round(trainingSteps * CARRIED_FRACTION));
    }

    /**
     * @param base a configured BatchGFN strategy (its training settings give the first round's steps)
     * @param mode CONTINUE or LOOKAHEAD
     * @return a copy of it in that mode with these settings and no carried policy
     */
    public BatchGfnAcquisition apply(BatchGfnAcquisition base, BatchGfnAcquisition.CarryOver mode) {
        return base.withCarryOver(mode, carriedSteps, lookaheads, stepsPerLookahead);
    }

    /**
     * Adds the settings to a configuration description.
     *
     * @param m the description
     */
    void describe(Map<String, String> m) {
        m.put("al_carried_steps", Integer.toString(carriedSteps));
        m.put("al_lookaheads", Integer.toString(lookaheads));
        m.put("al_lookahead_steps", Integer.toString(stepsPerLookahead));
    }
}
