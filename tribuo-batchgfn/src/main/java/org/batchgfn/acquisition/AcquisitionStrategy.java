package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;

import java.util.SplittableRandom;

/**
 * Chooses the next batch of pool points to label. Implementations are configured, immutable objects (olcut
 * {@code @Config} fields, provenance); any per-round state (a policy being trained) lives outside them or is
 * documented as such.
 */
public interface AcquisitionStrategy extends Configurable, Provenancable<ConfiguredObjectProvenance> {

    /**
     * @param problem   the pool, training data, GP posterior and reward
     * @param batchSize B, in {@code [1, problem.poolSize()]}
     * @param rng       random source; a strategy is deterministic given it
     * @return B distinct pool indices in selection order
     * @throws IllegalArgumentException if {@code batchSize} is not in {@code [1, poolSize]}
     */
    int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng);

    /** @return a short stable name, e.g. {@code "batchbald"}, used on the command line and in results */
    String name();

    /**
     * Validates a batch size against a pool.
     *
     * @param batchSize requested B
     * @param poolSize  N
     * @throws IllegalArgumentException with the allowed range otherwise
     */
    static void checkBatchSize(int batchSize, int poolSize) {
        if (poolSize <= 0) {
            throw new IllegalArgumentException("the unlabelled pool is empty: nothing to acquire");
        }
        if (batchSize < 1 || batchSize > poolSize) {
            throw new IllegalArgumentException("batch size must be between 1 and the pool size " + poolSize
                    + ", got " + batchSize);
        }
    }
}
