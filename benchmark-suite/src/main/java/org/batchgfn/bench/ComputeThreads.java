package org.batchgfn.bench;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets how many threads ND4J (the policy network's tensor library) uses for its own ops and for BLAS. At the
 * benchmark's reduced scale the network's matrices are small (pool × width of a few hundred by a few dozen), and
 * ND4J's OpenMP threads cost more in synchronisation than they save: one thread trained the fidelity experiment's
 * policy about 3× faster than two on this 2-core machine while other processes were running. Larger runs
 * ({@code --full}) can ask for more.
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
