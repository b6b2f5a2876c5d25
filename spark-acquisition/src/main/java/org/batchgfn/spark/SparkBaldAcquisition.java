package org.batchgfn.spark;

import org.apache.spark.broadcast.Broadcast;
import org.batchgfn.acquisition.BaldAcquisition;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.reward.JointMutualInformation;

/**
 * BALD over a pool in Spark: the B points with the largest single-point scores {@code ½ log(1 + σ⁻² Σ(x, x))}, best
 * first, ties to the lower id; the same batch as tribuo-batchgfn's {@link BaldAcquisition}. Each partition computes
 * its points' posterior variances from the broadcast GP (O(n·M²)) and keeps its top B; one job in all.
 */
public final class SparkBaldAcquisition implements DistributedStrategy {

    /** Creates the strategy; it has no parameters. */
    public SparkBaldAcquisition() {
    }

    @Override
    public DistributedBatch select(SparkPool pool, DistributedProblem problem, int batchSize) {
        DistributedStrategy.check(pool, problem, batchSize);
        Broadcast<ExactGaussianProcessPosterior> posterior = pool.context().broadcast(problem.posterior());
        try {
            return TopSelection.select(pool, problem, batchSize, block -> {
                ExactGaussianProcessPosterior gp = posterior.value();
                return new JointMutualInformation(gp.covariance(block.rows()), gp.noiseVariance())
                        .singlePointValues();
            });
        } finally {
            posterior.destroy();
        }
    }

    @Override
    public String name() {
        return BaldAcquisition.NAME;
    }

    @Override
    public String toString() {
        return "SparkBaldAcquisition()";
    }
}
