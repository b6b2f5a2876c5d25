package org.batchgfn.spark;

import org.batchgfn.acquisition.RandomAcquisition;

import java.util.SplittableRandom;

/**
 * The random baseline over a pool in Spark: B distinct points uniformly without replacement, as the B largest keys
 * {@link RandomAcquisition#key}{@code (drawSeed, id)}, so the batch does not depend on the partitioning. With
 * {@code drawSeed = new SplittableRandom(seed).nextLong()} it is the batch of tribuo-batchgfn's
 * {@link RandomAcquisition} called with {@code new SplittableRandom(seed)} on the same pool (ids = pool indices).
 *
 * @param seed the seed
 */
public record SparkRandomAcquisition(long seed) implements DistributedStrategy {

    @Override
    public DistributedBatch select(SparkPool pool, DistributedProblem problem, int batchSize) {
        DistributedStrategy.check(pool, problem, batchSize);
        long drawSeed = new SplittableRandom(seed).nextLong();
        return TopSelection.select(pool, problem, batchSize, block -> {
            long[] ids = block.ids();
            double[] keys = new double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                keys[i] = RandomAcquisition.key(drawSeed, ids[i]);
            }
            return keys;
        });
    }

    @Override
    public String name() {
        return RandomAcquisition.NAME;
    }
}
