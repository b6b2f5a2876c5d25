package org.batchgfn.bench;

import org.batchgfn.datasets.RegressionDatasets;
import org.batchgfn.gp.HyperparameterOptimizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code ./batchgfn bench suite}: which data sets, how many rows of each, and the active-learning
 * budget every strategy gets on each. Two presets: {@link #reduced()} (the default, sized to finish in about 15
 * minutes on two cores, BatchGFN with a small training budget) and {@link #full()}. The run name hashes
 * {@link #describeText()}, so different settings never mix.
 *
 * @param datasets      data set names: {@link #TOY} and names of {@link RegressionDatasets}
 * @param poolSize      largest pool per data set (larger sets are subsampled with a fixed seed); the toy task's pool
 * @param testSize      largest test set per data set; the toy task's test set
 * @param seedSetSize   labelled points before the first acquisition
 * @param batchSize     B
 * @param rounds        acquisition rounds per trajectory
 * @param seedSets      independent seed sets per data set
 * @param gpEpochs      Adam epochs of every GP fit when {@code gpOptimizer} is ADAM
 * @param gpOptimizer   how every GP hyperparameter fit runs: LBFGS (both presets, the library's default) or ADAM
 * @param trainingSteps BatchGFN policy training steps per acquisition
 * @param hiddenWidth   BatchGFN policy width H
 * @param samples       BatchGFN batches sampled per acquisition (best kept)
 * @param temperature   BatchGFN reward temperature
 * @param seed          master seed
 */
public record SuiteConfig(List<String> datasets, int poolSize, int testSize, int seedSetSize, int batchSize,
                          int rounds, int seedSets, int gpEpochs,
                          HyperparameterOptimizer gpOptimizer, int trainingSteps, int hiddenWidth, int samples,
                          double temperature, long seed) {

    /** The name of the paper's toy task among the data sets. */
    public static final String TOY = "toy";

    /** Validates every value. */
    public SuiteConfig {
        datasets = List.copyOf(datasets);
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("the suite needs at least one data set");
        }
        for (String d : datasets) {
            if (!d.equals(TOY) && !RegressionDatasets.names().contains(d)) {
                throw new IllegalArgumentException("unknown data set '" + d + "'; choose from toy and "
                        + RegressionDatasets.names());
            }
        }
        BenchConfig.positive("pool size", poolSize);
        BenchConfig.positive("test size", testSize);
        BenchConfig.positive("seed set size", seedSetSize);
        BenchConfig.positive("batch size", batchSize);
        BenchConfig.positive("rounds", rounds);
        BenchConfig.positive("seed sets", seedSets);
        BenchConfig.positive("training steps", trainingSteps);
        BenchConfig.positive("hidden width", hiddenWidth);
        BenchConfig.positive("samples", samples);
        if (gpEpochs < 0) {
            throw new IllegalArgumentException("GP epochs must be >= 0, got " + gpEpochs);
        }
        if (gpOptimizer == null) {
            throw new IllegalArgumentException("the GP optimizer is required (LBFGS or ADAM)");
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (seedSetSize + rounds * batchSize >= poolSize) {
            throw new IllegalArgumentException("pool size " + poolSize + " must exceed the seed set and every "
                    + "acquired batch (" + seedSetSize + " + " + rounds + " x " + batchSize + ")");
        }
    }

    /** @return every data set: the toy task and every shipped one */
    public static List<String> allDatasets() {
        List<String> out = new java.util.ArrayList<>();
        out.add(TOY);
        out.addAll(RegressionDatasets.names());
        return out;
    }

    /**
     * The default: every data set, pool ≤ 300 and test ≤ 300 rows, seed set 10, B = 10, 4 rounds, 2 seed sets,
     * GP fits by L-BFGS; BatchGFN with only 300 training steps at H = 32 (its policy training dominates the time), best
     * of K = 20 at T = 0.1.
     *
     * @return the reduced configuration
     */
    public static SuiteConfig reduced() {
        return new SuiteConfig(allDatasets(), 300, 300, 10, 10, 4, 2, 1000, HyperparameterOptimizer.LBFGS, 300, 32, 20, 0.1, 0);
    }

    /**
     * More rounds and seed sets: pool ≤ 1000, test ≤ 1000, seed set 10, B = 10, 10 rounds, 5 seed sets, BatchGFN
     * with 2500 steps at H = 64.
     *
     * @return the full configuration
     */
    public static SuiteConfig full() {
        return new SuiteConfig(allDatasets(), 1000, 1000, 10, 10, 10, 5, 1000, HyperparameterOptimizer.LBFGS, 2500, 64, 20, 0.1, 0);
    }

    /**
     * The per-data-set configuration the shared active-learning machinery reads (seed set, B, rounds, seed sets,
     * BatchGFN settings, GP epochs, seed); the experiment-specific fields of the paper's benchmark keep their
     * reduced values and are unused.
     *
     * @return the configuration
     */
    public BenchConfig benchConfig() {
        BenchConfig r = BenchConfig.reduced();
        return new BenchConfig(poolSize, testSize, seedSetSize, batchSize, rounds, seedSets, trainingSteps,
                hiddenWidth, BenchConfig.DEFAULT_INPUT_FEATURES, samples, temperature, r.jmiTemperatures(),
                r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(), r.fidelitySteps(), r.fidelityCheckpoints(),
                gpEpochs, gpOptimizer, r.gpFitSize(), r.speedRounds(), r.transfer(),
                CarryOverConfig.forTrainingSteps(trainingSteps), seed, null, null, null, null);
    }

    /** @return every setting as ordered {@code key = value} pairs */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("suite_datasets", String.join(" ", datasets));
        m.put("pool_size", Integer.toString(poolSize));
        m.put("test_size", Integer.toString(testSize));
        BenchConfig.describeLoop(m, seedSetSize, batchSize, rounds, seedSets);
        BenchConfig.describeGpFit(m, gpOptimizer, gpEpochs);
        m.put("training_steps", Integer.toString(trainingSteps));
        m.put("hidden_width", Integer.toString(hiddenWidth));
        m.put("samples", Integer.toString(samples));
        m.put("temperature", Double.toString(temperature));
        m.put("seed", Long.toString(seed));
        return m;
    }

    /** @return {@link #describe()} as {@code config.txt} text */
    public String describeText() {
        return RunNames.text(describe());
    }

    /** @return {@code suite-} and 10 hex digits of SHA-256 of the description */
    public String runName() {
        return RunNames.name("suite-", describeText());
    }
}
