package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.SplittableRandom;

/**
 * The BALD baseline: the B pool points with the largest single-point scores
 * {@code ½ log(1 + σ⁻² Σ(x, x))} ({@link org.batchgfn.reward.JointMutualInformation#singlePointValues()}),
 * best first, ties broken by the lower pool index. It ignores correlations between the chosen points, which is
 * why it tends to pick redundant batches; deterministic, the random source is unused. The selection is the
 * {@link TopCandidates} kernel over the pool as one block; the distributed path runs it per partition and merges.
 */
public final class BaldAcquisition implements AcquisitionStrategy {

    /** The name used on the command line and in results. */
    public static final String NAME = "bald";

    /** Creates the strategy; it has no parameters. */
    public BaldAcquisition() {
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        AcquisitionStrategy.checkBatchSize(batchSize, problem.poolSize());
        return TopK.largest(problem.reward().singlePointValues(), batchSize);
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
        return "BaldAcquisition()";
    }
}
