package org.batchgfn.loop;

import java.util.Arrays;

/**
 * Which pool rows are labelled and which are still unlabelled, and the mapping from positions in the unlabelled
 * sub-pool (what a strategy sees) back to pool rows. Guarantees that no pool row is labelled twice. Mutable;
 * one per active-learning run.
 */
final class PoolPartition {

    private final boolean[] labelled;
    private int[] unlabelled;

    /** @param poolSize number of pool rows, all unlabelled initially */
    PoolPartition(int poolSize) {
        this.labelled = new boolean[poolSize];
        this.unlabelled = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            unlabelled[i] = i;
        }
    }

    /** @return the pool size */
    int poolSize() {
        return labelled.length;
    }

    /** @return the unlabelled pool rows in increasing order; position k is sub-pool index k */
    int[] unlabelled() {
        return unlabelled.clone();
    }

    /** @return the number of unlabelled rows */
    int unlabelledCount() {
        return unlabelled.length;
    }

    /**
     * @param poolIndex a pool row
     * @return whether it has been labelled
     */
    boolean isLabelled(int poolIndex) {
        return labelled[poolIndex];
    }

    /**
     * Maps positions in the current unlabelled sub-pool to pool rows.
     *
     * @param subPoolIndices indices into {@link #unlabelled()}, distinct
     * @return the pool rows, in the same order
     * @throws IllegalStateException if an index is out of range or repeated (a strategy bug)
     */
    int[] toPoolIndices(int[] subPoolIndices) {
        int[] out = new int[subPoolIndices.length];
        boolean[] seen = new boolean[unlabelled.length];
        for (int k = 0; k < subPoolIndices.length; k++) {
            int s = subPoolIndices[k];
            if (s < 0 || s >= unlabelled.length) {
                throw new IllegalStateException("strategy returned index " + s + " outside the unlabelled pool [0, "
                        + unlabelled.length + ")");
            }
            if (seen[s]) {
                throw new IllegalStateException("strategy returned unlabelled-pool index " + s + " twice");
            }
            seen[s] = true;
            out[k] = unlabelled[s];
        }
        return out;
    }

    /**
     * Marks pool rows as labelled and removes them from the unlabelled sub-pool (later sub-pool indices shift).
     *
     * @param poolIndices distinct pool rows, none labelled yet
     * @throws IllegalArgumentException if a row is out of range or already labelled
     */
    void markLabelled(int[] poolIndices) {
        for (int k = 0; k < poolIndices.length; k++) {
            int p = poolIndices[k];
            if (p < 0 || p >= labelled.length) {
                throw new IllegalArgumentException("pool index " + p + " is outside the pool [0, " + labelled.length
                        + ")");
            }
            if (labelled[p]) {
                throw new IllegalArgumentException("pool index " + p + " is already labelled; a pool point is "
                        + "acquired at most once");
            }
            labelled[p] = true;
        }
        unlabelled = Arrays.stream(unlabelled).filter(i -> !labelled[i]).toArray();
    }
}
