package org.batchgfn.acquisition;

import java.util.SplittableRandom;

/**
 * MaxDist, the core-set rule (greedy k-centre; Sener and Savarese 2018, in the kernel form of Holzmüller et al.,
 * JMLR 2023): each step picks the pool point farthest from every centre so far,
 * {@code argmax_x m_x} with {@code m_x = min_c d²(x, c)}, and makes it a centre. In TP mode the training points
 * are the first centres; with no centre at all the first pick is the point of largest κ(x, x). Ties go to the
 * first pool index. The batch minimises the covering radius greedily (a 2-approximation of the optimal k-centre).
 * <p>
 * Defaults: the reference benchmark's best configuration for it, the GP's prior kernel in TP mode. One kernel
 * column per centre: O((M + B)·N) kernel entries. Deterministic except for the random fill when every remaining
 * point coincides with a centre.
 */
public final class MaxDist extends CentreBasedAcquisition {

    /** The name used on the command line and in results. */
    public static final String NAME = "maxdist";

    /** The reference benchmark's best configuration: prior kernel, TP mode. */
    public MaxDist() {
        this(SelectionKernel.PRIOR, SelectionMode.TP);
    }

    /**
     * @param selectionKernel the kernel distances are measured with
     * @param mode            whether the training points are the first centres
     */
    public MaxDist(SelectionKernel selectionKernel, SelectionMode mode) {
        super(selectionKernel, mode);
        postConfig();
    }

    @Override
    int nextPick(CentreDistances centres, PickedPoints picked, SplittableRandom rng) {
        int best = -1;
        for (int p = 0; p < centres.poolCount(); p++) {
            if (!picked.contains(p) && centres.minDistance(p) > 0
                    && (best < 0 || centres.minDistance(p) > centres.minDistance(best))) {
                best = p;
            }
        }
        return best;
    }

    @Override
    public String name() {
        return NAME;
    }
}
