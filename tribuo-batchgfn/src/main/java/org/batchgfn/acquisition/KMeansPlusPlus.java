package org.batchgfn.acquisition;

import java.util.SplittableRandom;

/**
 * KMeans++ seeding as a batch rule (D² sampling, the kernel analogue of BADGE; Holzmüller et al., JMLR 2023): like
 * {@link MaxDist}, but each next point is <em>sampled</em> with probability proportional to its squared distance
 * to the nearest centre, {@code P(x) ∝ max(m_x, 0)} (picked points have weight 0). In TP mode the training points
 * are the first centres; with no centre at all the first point is uniform over the pool. Stochastic: the batch is
 * a function of the random source, so a seeded source reproduces it.
 * <p>
 * Defaults: the reference benchmark's best configuration, the GP's prior kernel in TP mode. O((M + B)·N) kernel
 * entries.
 */
public final class KMeansPlusPlus extends CentreBasedAcquisition {

    /** The name used on the command line and in results. */
    public static final String NAME = "kmeanspp";

    /** The reference benchmark's best configuration: prior kernel, TP mode. */
    public KMeansPlusPlus() {
        this(SelectionKernel.PRIOR, SelectionMode.TP);
    }

    /**
     * @param selectionKernel the kernel distances are measured with
     * @param mode            whether the training points are the first centres
     */
    public KMeansPlusPlus(SelectionKernel selectionKernel, SelectionMode mode) {
        super(selectionKernel, mode);
        postConfig();
    }

    /** With no centre yet the first point is uniform over the pool. */
    @Override
    int firstPick(CentreDistances centres, PickedPoints picked, SplittableRandom rng) {
        return rng.nextInt(centres.poolCount());
    }

    @Override
    int nextPick(CentreDistances centres, PickedPoints picked, SplittableRandom rng) {
        int n = centres.poolCount();
        double total = 0;
        int lastPositive = -1;
        for (int p = 0; p < n; p++) {
            if (!picked.contains(p) && centres.minDistance(p) > 0) {
                total += centres.minDistance(p);
                lastPositive = p;
            }
        }
        if (lastPositive < 0) {
            return -1;
        }
        double u = rng.nextDouble() * total;
        double cumulative = 0;
        for (int p = 0; p < n; p++) {
            if (!picked.contains(p) && centres.minDistance(p) > 0) {
                cumulative += centres.minDistance(p);
                if (u < cumulative) {
                    return p;
                }
            }
        }
        return lastPositive; // round-off left u at the very end
    }

    @Override
    public String name() {
        return NAME;
    }
}
