package org.batchgfn.loop;

/**
 * Receives progress from an {@link ActiveLearningLoop} run (logging, progress bars, incremental result files).
 * Called on the thread running the loop; both methods default to doing nothing.
 */
public interface ActiveLearningListener {

    /**
     * Called before a round acquires (round ≥ 1) or trains on the seed set (round 0).
     *
     * @param round  the round number
     * @param labels number of labels held at the start of the round
     */
    default void roundStarted(int round, int labels) {
    }

    /**
     * Called once a round's model is trained and scored.
     *
     * @param result the round's result
     */
    default void roundFinished(RoundResult result) {
    }
}
