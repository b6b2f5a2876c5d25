package org.batchgfn.bench.gflownet;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.datasets.RegressionDatasets;
import org.batchgfn.datasets.SeedSetSampler;
import org.batchgfn.datasets.ToyRegressionTask;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.reward.JointMutualInformation;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One acquisition problem of the paper's 1-D toy task (appendix A.1) for the GFlowNet experiments: a toy pool of
 * {@code poolSize + seedSize} points ({@link ToyRegressionTask}, noise std 0.1), a seed set of {@code seedSize}
 * of them ({@link SeedSetSampler}) labelled, an exact Matérn-5/2 GP fitted to the seed set by
 * {@link GaussianProcessTrainer} (hyperparameters by marginal likelihood, standardised inputs and targets), and
 * the JMI over the {@code poolSize} remaining points under that GP's posterior — the same problem the
 * active-learning loop hands its strategies. {@link #realData} builds the same problem on a shipped real data set.
 */
public final class ToyTask {

    /** Observation-noise standard deviation of the toy targets. */
    public static final double NOISE_STD = 0.1;

    /** Pool features (model feature order), N×1. */
    public final double[][] features;
    /** The JMI reward over the pool. */
    public final JointMutualInformation reward;
    /** The acquisition problem (pool, seed set, GP posterior, reward). */
    public final AcquisitionProblem problem;
    /** The noisy labels the oracle would return for the pool points, indexed like {@link #features}. */
    public final double[] poolTargets;

    private ToyTask(AcquisitionProblem problem, double[] poolTargets) {
        this.problem = problem;
        this.poolTargets = poolTargets;
        this.features = problem.poolFeatures();
        this.reward = problem.reward();
    }

    /**
     * @param poolSize number of unlabelled pool points N
     * @param seedSize number of labelled seed points
     * @param seed     seed of the toy sample and of the seed-set draw
     * @return the task
     */
    public static ToyTask create(int poolSize, int seedSize, long seed) {
        ToyRegressionTask toy = new ToyRegressionTask(poolSize + seedSize, 10, NOISE_STD, seed, seed + 1_000_003L);
        return fromDataset(toy.poolDataset(), seedSize, seed);
    }

    /**
     * The same problem on a real data set: a seed set of {@code seedSize} of its rows labelled
     * ({@link SeedSetSampler}), the GP fitted to it, and every other row in the pool.
     *
     * @param name     a data set of {@link RegressionDatasets#names()}
     * @param seedSize number of labelled seed rows
     * @param seed     seed of the seed-set draw
     * @return the task
     */
    public static ToyTask realData(String name, int seedSize, long seed) {
        return fromDataset(RegressionDatasets.load(name), seedSize, seed);
    }

    private static ToyTask fromDataset(MutableDataset<Regressor> all, int seedSize, long seed) {
        List<Example<Regressor>> examples = new ArrayList<>(all.size());
        for (Example<Regressor> e : all) {
            examples.add(e);
        }
        int[] seedRows = new SeedSetSampler(seedSize).sample(examples.size(), seed);
        boolean[] isSeed = new boolean[examples.size()];
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> labelled = new MutableDataset<>(
                new SimpleDataSourceProvenance("seed set", factory), factory);
        for (int i = 0; i < seedRows.length; i++) {
            isSeed[seedRows[i]] = true;
            labelled.add(examples.get(seedRows[i]));
        }
        List<Example<Regressor>> pool = new ArrayList<>(examples.size() - seedRows.length);
        for (int i = 0; i < examples.size(); i++) {
            if (!isSeed[i]) {
                pool.add(examples.get(i));
            }
        }
        GaussianProcessModel gp = new GaussianProcessTrainer(KernelType.MATERN52).train(labelled);
        AcquisitionProblem problem = AcquisitionProblem.of(gp, labelled, pool);
        double[] poolTargets = new double[pool.size()];
        for (int i = 0; i < poolTargets.length; i++) {
            poolTargets[i] = pool.get(i).getOutput().getValues()[0];
        }
        return new ToyTask(problem, poolTargets);
    }

    /**
     * @param b batch size
     * @return greedy BatchBALD's batch on this problem
     */
    public int[] greedyBatch(int b) {
        return new GreedyBatchBald().select(problem, b, new SplittableRandom(0));
    }
}
