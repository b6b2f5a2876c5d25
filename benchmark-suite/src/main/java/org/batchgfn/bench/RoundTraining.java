package org.batchgfn.bench;

import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.train.StopReason;
import org.batchgfn.loop.RoundResult;

import java.util.List;
import java.util.Locale;

/**
 * The policy-training columns of an {@code al.csv} row: what BatchGFN trained to choose the round's batch
 * ({@link BatchGfnAcquisition#lastTraining()}): training steps and seconds on the round's reward, lookahead steps
 * and seconds on hallucinated next rounds (LOOKAHEAD mode), and why training stopped. A strategy that trains
 * nothing, and round 0, have zeros and an empty reason.
 */
final class RoundTraining {

    /** The columns, in order. */
    static final List<String> COLUMNS = List.of("training_steps", "training_seconds", "lookahead_steps",
            "lookahead_seconds", "stop_reason");

    private RoundTraining() {
    }

    /**
     * @param strategy the trajectory's strategy, right after it chose the round's batch
     * @param result   the round
     * @return the values of {@link #COLUMNS}
     */
    static List<Object> of(AcquisitionStrategy strategy, RoundResult result) {
        if (result.round() > 0 && strategy instanceof BatchGfnAcquisition gfn && gfn.lastTraining().isPresent()) {
            BatchGfnAcquisition.Training t = gfn.lastTraining().get();
            return List.of(t.steps(), t.seconds(), t.lookaheadSteps(), t.lookaheadSeconds(), stopReason(t));
        }
        return List.of(0, 0.0, 0, 0.0, "");
    }

    /**
     * Why the round's training stopped, as the {@code stop_reason} column writes it: the {@link StopReason} name in
     * lower case ({@code steps}, {@code time_budget}, {@code converged}).
     *
     * @param training what the round trained
     * @return the reason
     */
    static String stopReason(BatchGfnAcquisition.Training training) {
        return training.stopReason().name().toLowerCase(Locale.ROOT);
    }
}
