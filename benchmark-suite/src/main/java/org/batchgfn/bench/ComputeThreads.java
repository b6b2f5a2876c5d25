package org.batchgfn.bench;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets how many threads ND4J (the policy network's tensor library) uses for its own ops and for BLAS, for
 * {@code bench --threads}. By default ND4J uses every core; on a machine shared with other jobs, fewer threads can
 * be faster (less time lost waiting for descheduled OpenMP threads).
 */
public final class ComputeThreads {

    private ComputeThreads() {
    }

    /**
     * @param threads threads for ND4J ops and BLAS, ≥ 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
