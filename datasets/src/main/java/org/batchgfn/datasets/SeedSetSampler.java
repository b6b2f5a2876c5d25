package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.SplittableRandom;

/**
 * Chooses the seed set, the initially labelled points of an active learning run, uniformly at random without
 * replacement from the pool (paper appendix A.1). The size is configured; the seed is given per call so one
 * sampler serves every repeat of an experiment.
 */
public final class SeedSetSampler implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(mandatory = true, description = "Number of pool points in the seed set (> 0).")
    private int seedSetSize;

    /** For OLCUT. */
    private SeedSetSampler() {
    }

    /**
     * @param seedSetSize number of points to draw, &gt; 0
     * @throws PropertyException if {@code seedSetSize <= 0}
     */
    public SeedSetSampler(int seedSetSize) {
        this.seedSetSize = seedSetSize;
        postConfig();
    }

    /**
     * Validates the configuration. Used by OLCUT; not to be called by external code.
     *
     * @throws PropertyException if {@code seedSetSize <= 0}
     */
    @Override
    public void postConfig() {
        if (seedSetSize <= 0) {
            throw new PropertyException("", "seedSetSize", "seedSetSize must be greater than 0, got " + seedSetSize);
        }
    }

    /** @return the number of points each call draws */
    public int seedSetSize() {
        return seedSetSize;
    }

    /**
     * Draws {@link #seedSetSize()} distinct pool indices uniformly at random (a partial Fisher-Yates shuffle,
     * O(poolSize) time and memory). The result is a deterministic function of {@code (poolSize, seed)}.
     *
     * @param poolSize number of pool points N; the seed set size must be in {@code [1, N]}
     * @param seed     random seed
     * @return distinct indices in {@code [0, poolSize)}, in the order drawn
     * @throws IllegalArgumentException if the pool is empty or smaller than the seed set
     */
    public int[] sample(int poolSize, long seed) {
        if (poolSize <= 0) {
            throw new IllegalArgumentException("the pool is empty (size " + poolSize + "): cannot draw a seed set");
        }
        if (seedSetSize > poolSize) {
            throw new IllegalArgumentException("seed set size " + seedSetSize
                    + " exceeds the pool size " + poolSize + "; it must be between 1 and the pool size");
        }
        int[] order = new int[poolSize];
        for (int i = 0; i < poolSize; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] chosen = new int[seedSetSize];
        for (int k = 0; k < seedSetSize; k++) {
            int j = k + rng.nextInt(poolSize - k);
            int tmp = order[k];
            order[k] = order[j];
            order[j] = tmp;
            chosen[k] = order[k];
        }
        return chosen;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "SeedSetSampler");
    }

    @Override
    public String toString() {
        return "SeedSetSampler(seedSetSize=" + seedSetSize + ")";
    }
}
