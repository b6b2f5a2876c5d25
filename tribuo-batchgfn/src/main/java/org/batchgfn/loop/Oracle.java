package org.batchgfn.loop;

import org.tribuo.Example;
import org.tribuo.regression.Regressor;

/**
 * Answers label queries for rows of the unlabelled pool: in experiments a held-back labelled dataset
 * ({@link DatasetOracle}), in deployment a person or a lab. The active-learning loop asks each pool row at most once.
 */
public interface Oracle {

    /** @return the number of pool rows the oracle can label */
    int poolSize();

    /**
     * @param poolIndex a pool row in {@code [0, poolSize())}
     * @return the labelled example for that row (same features as the pool row, the true target as output)
     * @throws IllegalArgumentException if the index is out of range
     */
    Example<Regressor> label(int poolIndex);
}
