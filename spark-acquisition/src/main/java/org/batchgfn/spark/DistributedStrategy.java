package org.batchgfn.spark;

/**
 * Chooses a batch from a pool held in Spark. Each implementation gives exactly the batch of its single-machine
 * counterpart in tribuo-batchgfn on the same pool (ids as pool indices), whatever the partitioning, because every
 * partition runs the same per-block kernel and the partial results are reduced with the same order (ties to the
 * lower id). Implementations are immutable and hold no Spark state between calls.
 */
public interface DistributedStrategy {

    /**
     * @param pool      the pool
     * @param problem   the GP posterior and the labelled set, on the driver
     * @param batchSize B, in {@code [1, pool size]}
     * @return the batch, ids in selection order
     * @throws IllegalArgumentException if B is out of range or the pool's features do not match the GP
     */
    DistributedBatch select(SparkPool pool, DistributedProblem problem, int batchSize);

    /** @return the name of the single-machine counterpart, e.g. {@code "batchbald"} */
    String name();

    /**
     * Validates a batch size against a pool and the pool's width against the GP.
     *
     * @param pool      the pool
     * @param problem   the GP
     * @param batchSize B
     */
    static void check(SparkPool pool, DistributedProblem problem, int batchSize) {
        if (batchSize < 1 || batchSize > pool.size()) {
            throw new IllegalArgumentException("batch size must be between 1 and the pool size " + pool.size()
                    + ", got " + batchSize);
        }
        if (pool.dimension() != problem.dimension()) {
            throw new IllegalArgumentException("the pool has " + pool.dimension() + " feature columns "
                    + pool.featureColumns() + " but the GP was fitted on " + problem.dimension() + " features");
        }
    }
}
