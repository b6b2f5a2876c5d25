package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.batchgfn.onnx.SeededKeys;

import java.util.SplittableRandom;

/**
 * The random baseline: B distinct pool points drawn uniformly without replacement. It ignores the model entirely.
 * <p>
 * Each point gets an independent uniform key from the draw's seed ({@code rng.nextLong()}) and its pool index
 * ({@link #key}, a counter-based hash, not a generator stream), and the B largest keys, largest first, are the batch:
 * a uniformly random ordered sample without replacement. Because a key depends only on (seed, index), the same
 * top-B kernel ({@link TopCandidates}) over any split of the pool gives the same batch. O(N·B).
 */
public final class RandomAcquisition implements AcquisitionStrategy {

    /** The name used on the command line and in results. */
    public static final String NAME = "random";

    /** Creates the strategy; it has no parameters. */
    public RandomAcquisition() {
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        int n = problem.poolSize();
        AcquisitionStrategy.checkBatchSize(batchSize, n);
        long seed = rng.nextLong();
        double[] keys = new double[n];
        for (int i = 0; i < n; i++) {
            keys[i] = key(seed, i);
        }
        return TopK.largest(keys, batchSize);
    }

    /**
     * The random key of one pool point: a uniform number that depends only on the draw's seed and the point's id, so
     * the B largest keys are the same batch however the pool is split.
     *
     * @param seed the draw's seed ({@code rng.nextLong()} of the {@link #select} call)
     * @param id   the point's id (global pool index)
     * @return a uniform number in (0, 1)
     */
    public static double key(long seed, long id) {
        return SeededKeys.uniform(seed, 0, id);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "AcquisitionStrategy");
    }

    @Override
    public String toString() {
        return "RandomAcquisition()";
    }
}
