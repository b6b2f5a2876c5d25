package org.batchgfn.spark;

import org.batchgfn.acquisition.TopCandidates;

import java.io.Serializable;

/**
 * The distributed top-B selection shared by {@link SparkBaldAcquisition} and {@link SparkRandomAcquisition}: each
 * partition scores its block and keeps its B best ({@link TopCandidates#of}), the partial lists are merged
 * ({@link TopCandidates#merge}, an associative and commutative reduction under the order score, then lower id).
 * One Spark job, plus one to look up the chosen rows' features.
 */
final class TopSelection {

    /** Scores every point of a block; runs on the executors. */
    interface BlockScores extends Serializable {
        /**
         * @param block a partition's points
         * @return one score per point
         */
        double[] scores(PoolBlock block);
    }

    private TopSelection() {
    }

    static DistributedBatch select(SparkPool pool, DistributedProblem problem, int batchSize, BlockScores scores) {
        long start = System.nanoTime();
        TopCandidates top = pool.blocks()
                .map(block -> TopCandidates.of(block.ids(), scores.scores(block), batchSize))
                .reduce((a, b) -> a.merge(b, batchSize));
        double seconds = (System.nanoTime() - start) * 1e-9;
        long[] ids = top.ids();
        return DistributedBatch.score(ids, pool.features(ids), problem, new double[]{seconds}, Double.NaN);
    }
}
