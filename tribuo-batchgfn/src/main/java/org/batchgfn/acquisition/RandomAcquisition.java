package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.SplittableRandom;

/**
 * The random baseline: B distinct pool points drawn uniformly without replacement (a partial Fisher-Yates
 * shuffle, O(N + B)). It ignores the model entirely.
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
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        int[] out = new int[batchSize];
        for (int k = 0; k < batchSize; k++) {
            int j = k + rng.nextInt(n - k);
            int tmp = perm[k];
            perm[k] = perm[j];
            perm[j] = tmp;
            out[k] = perm[k];
        }
        return out;
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
