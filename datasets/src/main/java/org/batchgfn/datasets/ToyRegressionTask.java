package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

/**
 * The paper's toy 1-D regression task (appendix A.1): an unlabelled pool and a fixed test set, both drawn from
 * {@link ToyRegressionSource} with the same noise level but different seeds, so the test points are independent
 * of the pool. The seed set (initial labelled points) is chosen from the pool by a {@link SeedSetSampler}.
 * <p>
 * Defaults follow the paper: 2000 pool points, 1000 test points, noise standard deviation 0.1.
 */
public final class ToyRegressionTask implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    /** Default number of pool points. */
    public static final int DEFAULT_POOL_SIZE = 2000;
    /** Default number of test points (the paper's fixed test set size). */
    public static final int DEFAULT_TEST_SIZE = 1000;
    /** Default seed of the pool. */
    public static final long DEFAULT_POOL_SEED = 1L;
    /** Default seed of the test set. */
    public static final long DEFAULT_TEST_SEED = 2L;

    @Config(description = "Number of pool points (> 0).")
    private int poolSize = DEFAULT_POOL_SIZE;

    @Config(description = "Number of test points (> 0).")
    private int testSize = DEFAULT_TEST_SIZE;

    @Config(description = "Standard deviation of the Gaussian observation noise (finite, >= 0).")
    private double noiseStd = ToyRegressionSource.DEFAULT_NOISE_STD;

    @Config(description = "Seed of the pool sample; must differ from testSeed.")
    private long poolSeed = DEFAULT_POOL_SEED;

    @Config(description = "Seed of the test sample; must differ from poolSeed.")
    private long testSeed = DEFAULT_TEST_SEED;

    private ToyRegressionSource pool;
    private ToyRegressionSource test;

    /** Builds the task with all of the paper's defaults. */
    public ToyRegressionTask() {
        postConfig();
    }

    /**
     * Builds a task.
     *
     * @param poolSize number of pool points, &gt; 0
     * @param testSize number of test points, &gt; 0
     * @param noiseStd noise standard deviation, finite and &gt;= 0
     * @param poolSeed seed of the pool
     * @param testSeed seed of the test set, different from {@code poolSeed}
     * @throws PropertyException if a parameter is out of range or the seeds are equal
     */
    public ToyRegressionTask(int poolSize, int testSize, double noiseStd, long poolSeed, long testSeed) {
        this.poolSize = poolSize;
        this.testSize = testSize;
        this.noiseStd = noiseStd;
        this.poolSeed = poolSeed;
        this.testSeed = testSeed;
        postConfig();
    }

    /**
     * Validates the configuration and draws pool and test. Used by OLCUT; not to be called by external code.
     *
     * @throws PropertyException if a size is not positive, the noise is invalid, or the two seeds are equal
     */
    @Override
    public void postConfig() {
        if (poolSize <= 0) {
            throw new PropertyException("", "poolSize", "poolSize must be greater than 0, got " + poolSize);
        }
        if (testSize <= 0) {
            throw new PropertyException("", "testSize", "testSize must be greater than 0, got " + testSize);
        }
        if (poolSeed == testSeed) {
            // The same seed would make the test set a copy of the first testSize pool points.
            throw new PropertyException("", "testSeed",
                    "testSeed must differ from poolSeed so the test set is independent of the pool, both are "
                            + poolSeed);
        }
        this.pool = new ToyRegressionSource(poolSize, noiseStd, poolSeed);
        this.test = new ToyRegressionSource(testSize, noiseStd, testSeed);
    }

    /** @return the pool's data source */
    public ToyRegressionSource pool() {
        return pool;
    }

    /** @return the test set's data source */
    public ToyRegressionSource test() {
        return test;
    }

    /** @return a new dataset holding the pool points (labelled; an experiment hides the labels) */
    public MutableDataset<Regressor> poolDataset() {
        return pool.toDataset();
    }

    /** @return a new dataset holding the test points */
    public MutableDataset<Regressor> testDataset() {
        return test.toDataset();
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ToyRegressionTask");
    }

    @Override
    public String toString() {
        return "ToyRegressionTask(poolSize=" + poolSize + ",testSize=" + testSize + ",noiseStd=" + noiseStd
                + ",poolSeed=" + poolSeed + ",testSeed=" + testSeed + ")";
    }
}
