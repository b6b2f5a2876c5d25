package org.batchgfn.acquisition;

import java.util.SplittableRandom;

/**
 * LCMD, largest cluster maximum distance (Holzmüller et al., JMLR 2023), the best rule of their regression
 * benchmark. Every pool point x belongs to the cluster of its nearest centre ({@code a_x}) at squared distance
 * {@code m_x}; a new centre takes over every pool point strictly closer to it. Each step weighs every cluster by
 * {@code W_c = Σ_{pool x in c} m_x} (pool points only, also in clusters whose centre is a training point) and, among
 * the clusters of largest weight, picks the pool point of largest {@code m_x}, which becomes a centre. It thus
 * spends the budget where the pool is both wide (large distances) and dense (many points), unlike
 * {@link MaxDist}, which chases outliers. In TP mode the training points are the first centres; with no centre at
 * all the first pick is the point of largest κ(x, x). Ties go to the first pool index.
 * <p>
 * Defaults: the reference benchmark's best configuration, the GP's prior kernel in TP mode. O((M + B)·N) kernel
 * entries plus O(N + M) per step for the weights. Deterministic except for the random fill when every remaining
 * point coincides with a centre.
 */
public final class Lcmd extends CentreBasedAcquisition {

    /** The name used on the command line and in results. */
    public static final String NAME = "lcmd";

    /** The reference benchmark's best configuration: prior kernel, TP mode. */
    public Lcmd() {
        this(SelectionKernel.PRIOR, SelectionMode.TP);
    }

    /**
     * @param selectionKernel the kernel distances are measured with
     * @param mode            whether the training points are the first centres
     */
    public Lcmd(SelectionKernel selectionKernel, SelectionMode mode) {
        super(selectionKernel, mode);
        postConfig();
    }

    @Override
    int nextPick(CentreDistances centres, PickedPoints picked, SplittableRandom rng) {
        int n = centres.poolCount();
        double[] weight = new double[centres.spaceSize()];
        for (int p = 0; p < n; p++) {
            weight[centres.nearest(p)] += centres.minDistance(p);
        }
        double heaviest = 0;
        for (double w : weight) {
            heaviest = Math.max(heaviest, w);
        }
        if (!(heaviest > 0)) {
            return -1;
        }
        int best = -1;
        for (int p = 0; p < n; p++) {
            if (!picked.contains(p) && weight[centres.nearest(p)] == heaviest
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
