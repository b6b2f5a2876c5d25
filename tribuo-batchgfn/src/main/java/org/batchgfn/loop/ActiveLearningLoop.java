package org.batchgfn.loop;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessPosterior;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pool-based batch active learning with an exact GP regressor (paper Algorithm 1 without the GFlowNet parts):
 * train on the seed set; then, each round, let the strategy choose a batch from the still-unlabelled pool under
 * the current GP posterior, ask the oracle for those labels, retrain the GP from scratch on every label so far and
 * score it on the test set. Stops when the label budget is spent or the pool is exhausted.
 * <p>
 * The strategy only ever sees the unlabelled points: its indices refer to the unlabelled sub-pool and are mapped
 * back to pool rows here, and a pool row is never acquired twice. The label budget counts acquired labels after
 * the seed set; the last batch is shortened to fit it (and to the points left). The pool's own outputs are never
 * read: labels come only from the oracle. The trainer must produce a {@link GaussianProcessModel}, whose posterior
 * the strategies need. Immutable and configured; a run's state lives in {@link #run}.
 */
public final class ActiveLearningLoop implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(mandatory = true, description = "Trains the GP regressor each round; must produce a GaussianProcessModel.")
    private Trainer<Regressor> trainer;

    @Config(mandatory = true, description = "Chooses each batch from the unlabelled pool.")
    private AcquisitionStrategy strategy;

    @Config(description = "Batch size B acquired per round (>= 1).")
    private int batchSize = 10;

    @Config(mandatory = true, description = "Number of labels acquired after the seed set before stopping (>= 1).")
    private int labelBudget;

    /** For olcut configuration. */
    private ActiveLearningLoop() {
    }

    /**
     * @param trainer     trains the GP each round
     * @param strategy    chooses batches
     * @param batchSize   B, ≥ 1
     * @param labelBudget labels to acquire after the seed set, ≥ 1
     * @throws IllegalArgumentException for a null component or a non-positive batch size or budget
     */
    public ActiveLearningLoop(Trainer<Regressor> trainer, AcquisitionStrategy strategy, int batchSize,
                              int labelBudget) {
        this.trainer = trainer;
        this.strategy = strategy;
        this.batchSize = batchSize;
        this.labelBudget = labelBudget;
        postConfig();
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException for a null component or a non-positive batch size or budget
     */
    @Override
    public void postConfig() {
        if (trainer == null || strategy == null) {
            throw new IllegalArgumentException("the active-learning loop needs both a trainer and a strategy");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (labelBudget < 1) {
            throw new IllegalArgumentException("label budget must be >= 1, got " + labelBudget);
        }
    }

    /** @return the batch size B */
    public int batchSize() {
        return batchSize;
    }

    /** @return the number of labels acquired after the seed set */
    public int labelBudget() {
        return labelBudget;
    }

    /** @return the acquisition strategy */
    public AcquisitionStrategy strategy() {
        return strategy;
    }

    /**
     * Runs the loop without a listener.
     *
     * @see #run(Dataset, Oracle, int[], Dataset, SplittableRandom, ActiveLearningListener)
     */
    public List<RoundResult> run(Dataset<Regressor> pool, Oracle oracle, int[] seedIndices, Dataset<Regressor> test,
                                 SplittableRandom rng) {
        return run(pool, oracle, seedIndices, test, rng, new ActiveLearningListener() { });
    }

    /**
     * Runs the loop.
     *
     * @param pool        the candidate points; only their features are used (outputs, if any, are ignored)
     * @param oracle      labels pool rows on request; its pool must be {@code pool}
     * @param seedIndices distinct pool rows labelled before the first round (the seed set), at least one
     * @param test        labelled held-out data for scoring every round
     * @param rng         random source for the strategy
     * @param listener    told when each round starts and finishes
     * @return one result per round, round 0 (seed set only) first
     * @throws IllegalArgumentException for an empty pool or test set, a pool/oracle size mismatch, an empty,
     *                                  repeated or out-of-range seed set, or multi-dimensional regression outputs
     * @throws IllegalStateException    if the trainer does not produce a {@link GaussianProcessModel} or the
     *                                  strategy returns invalid indices
     */
    public List<RoundResult> run(Dataset<Regressor> pool, Oracle oracle, int[] seedIndices, Dataset<Regressor> test,
                                 SplittableRandom rng, ActiveLearningListener listener) {
        if (pool.size() == 0) {
            throw new IllegalArgumentException("the unlabelled pool is empty: nothing to acquire");
        }
        if (oracle.poolSize() != pool.size()) {
            throw new IllegalArgumentException("the oracle labels " + oracle.poolSize() + " pool rows but the pool has "
                    + pool.size());
        }
        if (test.size() == 0) {
            throw new IllegalArgumentException("the test set is empty: nothing to score the model on");
        }
        if (seedIndices.length == 0) {
            throw new IllegalArgumentException("the seed set is empty: the GP needs at least one label to start");
        }
        List<Example<Regressor>> poolExamples = new ArrayList<>(pool.size());
        for (Example<Regressor> e : pool) {
            poolExamples.add(e);
        }
        double[] testTargets = targets(test, "test");

        PoolPartition partition = new PoolPartition(pool.size());
        List<Example<Regressor>> labelled = new ArrayList<>();
        List<RoundResult> results = new ArrayList<>();

        listener.roundStarted(0, 0);
        partition.markLabelled(seedIndices);
        for (int row : seedIndices) {
            labelled.add(oracle.label(row));
        }
        long start = System.nanoTime();
        GaussianProcessModel model = train(labelled, 0);
        double trainSeconds = seconds(start);
        results.add(score(0, model, labelled.size(), test, testTargets, Double.NaN, 0.0, trainSeconds, new int[0]));
        listener.roundFinished(results.get(0));

        int acquired = 0;
        for (int round = 1; ; round++) {
            int b = nextBatchSize(batchSize, labelBudget - acquired, partition.unlabelledCount());
            if (b == 0) {
                break;
            }
            listener.roundStarted(round, labelled.size());
            int[] unlabelled = partition.unlabelled();
            List<Example<Regressor>> candidates = new ArrayList<>(unlabelled.length);
            for (int row : unlabelled) {
                candidates.add(poolExamples.get(row));
            }
            AcquisitionProblem problem = AcquisitionProblem.of(model, labelled, candidates);
            start = System.nanoTime();
            int[] local = strategy.select(problem, b, rng);
            double acquireSeconds = seconds(start);
            if (local.length != b) {
                throw new IllegalStateException("strategy " + strategy.name() + " returned " + local.length
                        + " points for a batch of " + b);
            }
            int[] rows = partition.toPoolIndices(local);
            double jmi = problem.reward().value(local);
            partition.markLabelled(rows);
            for (int row : rows) {
                labelled.add(oracle.label(row));
            }
            acquired += b;
            start = System.nanoTime();
            model = train(labelled, round);
            trainSeconds = seconds(start);
            RoundResult result = score(round, model, labelled.size(), test, testTargets, jmi, acquireSeconds,
                    trainSeconds, rows);
            results.add(result);
            listener.roundFinished(result);
        }
        return results;
    }

    /**
     * The size of the next batch: B, shortened to the remaining budget and to the points left.
     *
     * @param batchSize       B
     * @param budgetRemaining labels the budget still allows
     * @param unlabelled      unlabelled points left
     * @return the next batch size, 0 when the run is over
     */
    static int nextBatchSize(int batchSize, int budgetRemaining, int unlabelled) {
        return Math.max(0, Math.min(batchSize, Math.min(budgetRemaining, unlabelled)));
    }

    private GaussianProcessModel train(List<Example<Regressor>> labelled, int round) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(
                new SimpleDataSourceProvenance("active learning labelled set, round " + round, factory), factory);
        for (Example<Regressor> e : labelled) {
            data.add(e);
        }
        Model<Regressor> model = trainer.train(data);
        if (!(model instanceof GaussianProcessModel gp)) {
            throw new IllegalStateException("the active-learning loop needs a GaussianProcessModel (its posterior "
                    + "drives acquisition) but trainer " + trainer + " produced " + model.getClass().getName());
        }
        return gp;
    }

    private static RoundResult score(int round, GaussianProcessModel model, int labels, Dataset<Regressor> test,
                                     double[] testTargets, double jmi, double acquireSeconds, double trainSeconds,
                                     int[] rows) {
        GaussianProcessPosterior posterior = model.posterior();
        double[][] x = model.featureMatrix(test);
        double[] mean = posterior.mean(x);
        double[] variance = posterior.latentVariance(x);
        double noise = posterior.noiseVariance();
        for (int i = 0; i < variance.length; i++) {
            variance[i] += noise;
        }
        PredictiveScores s = PredictiveScores.of(testTargets, mean, variance);
        return new RoundResult(round, labels, s.rmse(), s.nll(), s.mae(), s.maxError(), jmi, acquireSeconds,
                trainSeconds, rows);
    }

    private static double[] targets(Iterable<Example<Regressor>> examples, String what) {
        List<Double> out = new ArrayList<>();
        int i = 0;
        for (Example<Regressor> e : examples) {
            double[] v = e.getOutput().getValues();
            if (v.length != 1) {
                throw new IllegalArgumentException(what + " example " + i + " has " + v.length
                        + " regression outputs; the GP loop handles exactly one");
            }
            out.add(v[0]);
            i++;
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) * 1e-9;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "ActiveLearningLoop");
    }

    @Override
    public String toString() {
        return "ActiveLearningLoop(strategy=" + strategy.name() + ",batchSize=" + batchSize + ",labelBudget="
                + labelBudget + ")";
    }
}
