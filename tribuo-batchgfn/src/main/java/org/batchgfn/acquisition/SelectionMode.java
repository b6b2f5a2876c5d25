package org.batchgfn.acquisition;

/**
 * Whether a kernel-based batch strategy takes the labelled training set into account (Holzmüller et al., "A
 * Framework and Benchmark for Deep Batch Active Learning for Regression", JMLR 2023, section on selection modes).
 */
public enum SelectionMode {
    /** Pool only: the selection starts from an empty set of centres. */
    P,
    /**
     * Training and pool: every training point is first added, in order, as an already-selected centre (or, for
     * BAIT, observation), then the selection over the pool starts.
     */
    TP
}
