package org.batchgfn.spark;

import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.reward.GainBlock;

import java.io.Serializable;
import java.util.List;

/**
 * Greedy BatchBALD's state in one partition: the block's {@link GainBlock} kernel over the broadcast GP, and the
 * thin protocol around it. A step receives every global choice so far, applies the ones this block has not seen
 * (all of them if Spark recomputed the partition from scratch, so a lost cache costs time, not correctness), and
 * returns the block's candidate. Lives in a cached RDD on the executors; never serialised.
 */
final class GreedyPartition {

    /** A point as the driver needs it: to compare candidates and to tell every block how to update. */
    record Choice(long id, double[] features, double variance, double[] factors) implements Serializable {

        /** @return the better of two candidates ({@link GainBlock#precedes}: larger variance, then lower id) */
        static Choice better(Choice a, Choice b) {
            return GainBlock.precedes(a.variance, a.id, b.variance, b.id) ? a : b;
        }
    }

    private final PoolBlock block;
    private final GainBlock gains;

    private GreedyPartition(PoolBlock block, GainBlock gains) {
        this.block = block;
        this.gains = gains;
    }

    /** Sets up the block: its posterior covariance (O(n·M²)) and prior variances. */
    static GreedyPartition setUp(PoolBlock block, ExactGaussianProcessPosterior posterior) {
        return new GreedyPartition(block, new GainBlock(block.ids(), posterior.covariance(block.rows()),
                posterior.noiseVariance()));
    }

    /**
     * @param choices   every global choice so far, in order
     * @param posterior the GP
     * @return the block's best unchosen point after them, or null if it has none
     */
    Choice step(List<Choice> choices, ExactGaussianProcessPosterior posterior) {
        for (int j = gains.choiceCount(); j < choices.size(); j++) {
            Choice c = choices.get(j);
            int own = gains.localIndexOf(c.id());
            if (own >= 0) {
                gains.choose(null, -1, c.id(), c.variance(), c.factors());
            } else {
                gains.choose(posterior.covariance(new double[][]{c.features()}), 0, c.id(), c.variance(),
                        c.factors());
            }
        }
        int best = gains.best();
        if (best < 0) {
            return null;
        }
        return new Choice(block.ids()[best], block.rows()[best], gains.conditionalVariance(best),
                gains.factorsAt(best));
    }
}
