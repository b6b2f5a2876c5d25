package org.batchgfn.acquisition;

/**
 * A batch chosen by a rule-based strategy, with a record of whether the rule ran out: when no unselected pool
 * point has a positive score any more (every remaining point coincides with a centre, or has zero variance) the
 * rest of the batch is filled uniformly at random, and {@code randomFills} says how many points came that way.
 *
 * @param indices     B distinct pool indices, in selection order (the rule's picks first, then the random fill)
 * @param randomFills how many of the last indices were filled uniformly at random, in {@code [0, B]}
 */
public record BatchSelection(int[] indices, int randomFills) {

    /** Validates and copies. */
    public BatchSelection {
        if (randomFills < 0 || randomFills > indices.length) {
            throw new IllegalArgumentException("random fills must be in [0, " + indices.length + "], got "
                    + randomFills);
        }
        indices = indices.clone();
    }

    /** @return a copy of the indices */
    @Override
    public int[] indices() {
        return indices.clone();
    }
}
