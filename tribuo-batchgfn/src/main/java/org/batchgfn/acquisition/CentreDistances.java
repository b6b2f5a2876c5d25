package org.batchgfn.acquisition;

/**
 * For every pool point, the squared distance {@code m_x} to its nearest centre and that centre's index in the
 * {@link SelectionSpace}, kept current as centres are added (one kernel column per centre, O(N) besides). A pool
 * point is reassigned only to a strictly closer centre, so ties keep the earlier centre. Before the first centre
 * every {@code m_x} is {@code +∞} and no point has a centre.
 */
final class CentreDistances {

    private final SelectionSpace space;
    private final double[] minDistance;
    private final int[] nearest;
    private final double[] column;
    private final double[] distances;
    private boolean anyCentre;

    /** @param space the points and kernel */
    CentreDistances(SelectionSpace space) {
        this.space = space;
        int n = space.poolCount();
        this.minDistance = new double[n];
        this.nearest = new int[n];
        java.util.Arrays.fill(minDistance, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(nearest, -1);
        this.column = new double[space.size()];
        this.distances = new double[n];
    }

    /**
     * Adds every training point of the space as a centre, in order (TP mode; nothing in P mode).
     *
     * @return this
     */
    CentreDistances withTrainingCentres() {
        for (int t = 0; t < space.trainCount(); t++) {
            addCentre(t);
        }
        return this;
    }

    /**
     * @param spaceIndex the new centre's index in the space
     */
    void addCentre(int spaceIndex) {
        space.squaredDistancesToPool(spaceIndex, column, distances);
        for (int p = 0; p < distances.length; p++) {
            if (distances[p] < minDistance[p]) {
                minDistance[p] = distances[p];
                nearest[p] = spaceIndex;
            }
        }
        anyCentre = true;
    }

    /** Adds a pool point as a centre. @param poolIndex the pool index */
    void addPoolCentre(int poolIndex) {
        addCentre(space.spaceIndex(poolIndex));
    }

    /** @return N, the pool points tracked */
    int poolCount() {
        return space.poolCount();
    }

    /** @return M + N (or N in P mode): the range of centre indices */
    int spaceSize() {
        return space.size();
    }

    /** @return whether there is a centre yet */
    boolean hasCentre() {
        return anyCentre;
    }

    /** @param p pool index @return m_p, the squared distance to the nearest centre */
    double minDistance(int p) {
        return minDistance[p];
    }

    /** @param p pool index @return the nearest centre's space index, −1 before any centre */
    int nearest(int p) {
        return nearest[p];
    }

    /**
     * With no centre yet the rules start at the pool point of largest κ(x, x), first index on ties.
     *
     * @param picked points to skip
     * @return that pool index
     */
    int largestVariance(PickedPoints picked) {
        int best = -1;
        for (int p = 0; p < space.poolCount(); p++) {
            if (!picked.contains(p) && (best < 0 || space.kernel().variance(space.spaceIndex(p))
                    > space.kernel().variance(space.spaceIndex(best)))) {
                best = p;
            }
        }
        return best;
    }
}
