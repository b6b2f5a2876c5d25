package org.batchgfn.acquisition;

import java.util.SplittableRandom;

/**
 * The batch a rule builds: distinct pool indices in selection order, with the membership test every rule needs
 * and the uniform random fill of {@link KernelBatchAcquisition}'s contract.
 */
public final class PickedPoints {

    private final boolean[] taken;
    private final int[] order;
    private int size;

    /**
     * @param poolSize  N
     * @param batchSize B ≤ N
     */
    PickedPoints(int poolSize, int batchSize) {
        this.taken = new boolean[poolSize];
        this.order = new int[batchSize];
    }

    /**
     * @param poolIndex a pool index
     * @return whether it is already in the batch
     */
    public boolean contains(int poolIndex) {
        return taken[poolIndex];
    }

    /** @return how many points are picked */
    public int size() {
        return size;
    }

    /** @return whether the batch is full */
    public boolean full() {
        return size == order.length;
    }

    /** @return the batch size B */
    public int capacity() {
        return order.length;
    }

    /**
     * @param k position in the batch, {@code [0, size())}
     * @return the pool index picked k-th
     */
    public int get(int k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException("position " + k + " of a batch of " + size);
        }
        return order[k];
    }

    /**
     * @param poolIndex a pool index not yet picked
     * @throws IllegalStateException if it is already picked or the batch is full
     */
    public void add(int poolIndex) {
        if (taken[poolIndex] || full()) {
            throw new IllegalStateException("cannot add pool point " + poolIndex + ": "
                    + (taken[poolIndex] ? "already selected" : "the batch is full"));
        }
        taken[poolIndex] = true;
        order[size++] = poolIndex;
    }

    /**
     * Removes a picked point; the others keep their order (BAIT's backward pass).
     *
     * @param poolIndex a picked pool index
     */
    void remove(int poolIndex) {
        int k = 0;
        while (k < size && order[k] != poolIndex) {
            k++;
        }
        if (k == size) {
            throw new IllegalStateException("pool point " + poolIndex + " is not in the batch");
        }
        System.arraycopy(order, k + 1, order, k, size - k - 1);
        size--;
        taken[poolIndex] = false;
    }

    /**
     * Completes the batch with points drawn uniformly at random among the unpicked ones.
     *
     * @param rng random source
     * @return the batch and how many points were filled
     */
    BatchSelection fillRandomly(SplittableRandom rng) {
        int fills = order.length - size;
        if (fills > 0) {
            int n = taken.length;
            int[] free = new int[n - size];
            int f = 0;
            for (int i = 0; i < n; i++) {
                if (!taken[i]) {
                    free[f++] = i;
                }
            }
            for (int k = 0; k < fills; k++) {
                int j = k + rng.nextInt(free.length - k);
                int t = free[k];
                free[k] = free[j];
                free[j] = t;
                add(free[k]);
            }
        }
        return new BatchSelection(order, fills);
    }
}
