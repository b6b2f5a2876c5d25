package org.batchgfn.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.gp.ExactGaussianProcessPosterior;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Greedy BatchBALD over a pool in Spark: B sequential steps, each a global argmax of the marginal gains followed by
 * a rank-1 update of every point's conditional variance; the same batch as tribuo-batchgfn's {@link GreedyBatchBald}.
 * <p>
 * Every partition holds its block's {@link org.batchgfn.reward.GainBlock}, the kernel the single-machine strategy
 * runs over the whole pool, in a cached RDD. Step k is one Spark job: each partition applies choice k−1 (one
 * covariance column of its block against the chosen point, O(n·M), plus O(n·k)) and returns its best candidate
 * with the numbers the other blocks need; the driver keeps the best (larger variance, then lower id). The driver
 * ships O(B·(d + B)) numbers per step; the executors do O(N·B·(M + B)) work per batch.
 */
public final class SparkGreedyBatchBald implements DistributedStrategy {

    /** Creates the strategy; it has no parameters. */
    public SparkGreedyBatchBald() {
    }

    @Override
    public DistributedBatch select(SparkPool pool, DistributedProblem problem, int batchSize) {
        DistributedStrategy.check(pool, problem, batchSize);
        Broadcast<ExactGaussianProcessPosterior> posterior = pool.context().broadcast(problem.posterior());
        JavaRDD<GreedyPartition> states = pool.blocks()
                .map(block -> GreedyPartition.setUp(block, posterior.value()))
                .persist(StorageLevel.MEMORY_ONLY());
        List<GreedyPartition.Choice> choices = new ArrayList<>();
        double[] seconds = new double[batchSize];
        try {
            for (int k = 0; k < batchSize; k++) {
                long start = System.nanoTime();
                List<GreedyPartition.Choice> sofar = new ArrayList<>(choices);
                GreedyPartition.Choice winner = states
                        .map(s -> s.step(sofar, posterior.value()))
                        .filter(Objects::nonNull)
                        .reduce(GreedyPartition.Choice::better);
                choices.add(winner);
                seconds[k] = (System.nanoTime() - start) * 1e-9;
            }
        } finally {
            states.unpersist(false);
            posterior.destroy();
        }
        long[] ids = new long[batchSize];
        double[][] features = new double[batchSize][];
        for (int k = 0; k < batchSize; k++) {
            ids[k] = choices.get(k).id();
            features[k] = choices.get(k).features();
        }
        return DistributedBatch.score(ids, features, problem, seconds, Double.NaN);
    }

    @Override
    public String name() {
        return GreedyBatchBald.NAME;
    }

    @Override
    public String toString() {
        return "SparkGreedyBatchBald()";
    }
}
