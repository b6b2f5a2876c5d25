package org.batchgfn.bench;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.datasets.RegressionDatasets;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.HyperparameterOptimizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every number that shapes a benchmark run, immutable. Two presets: {@link #reduced()} (the default of
 * {@code ./batchgfn bench}: faithful in structure, small enough to finish in minutes on two cores) and
 * {@link #full()} (the paper's scale: pool 2000, test 1000, seed set 10, B = 10, 5 seed sets, 5000 GFlowNet
 * training steps, H = 256). The run name is a short hash of {@link #describe()}, so a different configuration
 * never writes into the results of another.
 *
 * @param poolSize            toy task: number of pool points N; a shipped data set: the largest pool (a fixed-seed
 *                            subsample of its train split); ignored for CSV data, whose pool is the train split
 * @param testSize            toy task: number of test points; a shipped data set: the largest test set; ignored for
 *                            CSV data
 * @param seedSetSize         labelled points before the first acquisition
 * @param batchSize           B, points acquired per round
 * @param rounds              acquisition rounds of the active-learning experiment
 * @param seedSets            independent seed sets (repeats) of the active-learning experiment
 * @param trainingSteps       GFlowNet training steps per acquisition (jmi, al, speed)
 * @param hiddenWidth         H of the policy network
 * @param inputFeatures       the policy encoders' input features (every experiment's policies, transfer's too)
 * @param samples             K, batches sampled after training; BatchGFN acquisition keeps the best
 * @param alTemperature       T of BatchGFN acquisition in the al and speed experiments
 * @param jmiTemperatures     temperatures of the jmi experiment
 * @param jmiDraws            batches drawn per stochastic strategy in the jmi experiment
 * @param fidelityPoolSize    pool size of the fidelity experiment (every B-subset is enumerated)
 * @param fidelityBatchSize   B of the fidelity experiment
 * @param fidelitySteps       training steps of the fidelity experiment (at T = 1)
 * @param fidelityCheckpoints number of exact-JSD evaluations along fidelity training
 * @param gpEpochs            Adam epochs of every GP hyperparameter fit when {@code gpOptimizer} is ADAM
 * @param gpOptimizer         how every GP hyperparameter fit runs: LBFGS (both presets; at most
 *                            {@link GaussianProcessTrainer#DEFAULT_MAX_ITERATIONS} iterations) or ADAM
 * @param gpFitSize           training points of the gp sanity experiment
 * @param speedRounds         rounds timed by the speed experiment
 * @param transfer            settings of the transfer experiment (always on the toy task)
 * @param carryOver           how the amortised BatchGFN strategies of the al experiment carry their policy between
 *                            rounds (carried steps, lookaheads)
 * @param seed                master random seed
 * @param data                CSV file to use instead of the toy task, or null
 * @param target              target column of the CSV file, or null
 * @param dataDigest          SHA-256 prefix of the CSV file's bytes (provenance), or null
 * @param dataset             name of a shipped data set ({@link RegressionDatasets}) to use instead of the toy task,
 *                            or null
 */
public record BenchConfig(int poolSize, int testSize, int seedSetSize, int batchSize, int rounds, int seedSets,
                          int trainingSteps, int hiddenWidth, FourierFeatures inputFeatures, int samples,
                          double alTemperature,
                          List<Double> jmiTemperatures, int jmiDraws, int fidelityPoolSize, int fidelityBatchSize,
                          int fidelitySteps, int fidelityCheckpoints, int gpEpochs,
                          HyperparameterOptimizer gpOptimizer, int gpFitSize, int speedRounds,
                          TransferConfig transfer, CarryOverConfig carryOver, long seed, Path data, String target,
                          String dataDigest, String dataset) {

    /** The policy encoders' input features of both presets: the library's default. */
    public static final FourierFeatures DEFAULT_INPUT_FEATURES = BatchGfnAcquisition.DEFAULT_FOURIER_FEATURES;

    /** Fraction of CSV rows held out as the test set; the rest is the pool. */
    public static final double CSV_TEST_FRACTION = 0.3;

    /** Validates every value. */
    public BenchConfig {
        jmiTemperatures = List.copyOf(jmiTemperatures);
        positive("pool size", poolSize);
        positive("test size", testSize);
        positive("seed set size", seedSetSize);
        positive("batch size", batchSize);
        positive("rounds", rounds);
        positive("seed sets", seedSets);
        positive("training steps", trainingSteps);
        positive("hidden width", hiddenWidth);
        positive("samples", samples);
        positive("jmi draws", jmiDraws);
        positive("fidelity batch size", fidelityBatchSize);
        positive("fidelity steps", fidelitySteps);
        positive("fidelity checkpoints", fidelityCheckpoints);
        positive("gp fit size", gpFitSize);
        positive("speed rounds", speedRounds);
        if (transfer == null) {
            throw new IllegalArgumentException("transfer settings are required");
        }
        if (carryOver == null) {
            throw new IllegalArgumentException("carry-over settings are required");
        }
        if (inputFeatures == null) {
            throw new IllegalArgumentException("input features are required (FourierFeatures.NONE for none)");
        }
        if (gpEpochs < 0) {
            throw new IllegalArgumentException("GP epochs must be >= 0, got " + gpEpochs);
        }
        if (gpOptimizer == null) {
            throw new IllegalArgumentException("the GP optimizer is required (LBFGS or ADAM)");
        }
        temperature("al temperature", alTemperature);
        if (jmiTemperatures.isEmpty()) {
            throw new IllegalArgumentException("at least one jmi temperature is needed");
        }
        for (double t : jmiTemperatures) {
            temperature("jmi temperature", t);
        }
        if (fidelityPoolSize < fidelityBatchSize + 1) {
            throw new IllegalArgumentException("fidelity pool size must exceed the fidelity batch size "
                    + fidelityBatchSize + ", got " + fidelityPoolSize);
        }
        if (fidelityPoolSize > 60) {
            throw new IllegalArgumentException("fidelity pool size must be at most 60 (every subset is enumerated),"
                    + " got " + fidelityPoolSize);
        }
        if (dataset != null) {
            if (data != null) {
                throw new IllegalArgumentException("give either a CSV file (--data) or a shipped data set (--dataset), "
                        + "not both");
            }
            if (!RegressionDatasets.names().contains(dataset)) {
                throw new IllegalArgumentException("unknown data set '" + dataset + "'; choose from "
                        + String.join(", ", RegressionDatasets.names()) + " ('batchgfn datasets' describes them)");
            }
        }
        if (data == null && seedSetSize + batchSize > poolSize) {
            throw new IllegalArgumentException("pool size " + poolSize + " must hold the seed set (" + seedSetSize
                    + ") and at least one batch (" + batchSize + ")");
        }
        if ((data == null) != (target == null)) {
            throw new IllegalArgumentException("a CSV file and its target column go together (--data and --target)");
        }
    }

    /**
     * The default of {@code ./batchgfn bench}: the paper's experiments at a scale that finishes in about 10 minutes
     * on two shared cores (pool 300, test 300, seed 10, B = 10, 5 rounds, 3 seed sets, BatchGFN as the library's
     * defaults but 1000 training steps at H = 64, T = 0.01; the amortised BatchGFN modes of al carry
     * {@link CarryOverConfig#forTrainingSteps a tenth} of them; fidelity on a pool of 10 with B = 3 for 2000 steps;
     * transfer as in {@link TransferConfig#reduced()}).
     *
     * @return the reduced configuration
     */
    public static BenchConfig reduced() {
        int steps = 1000;
        return new BenchConfig(300, 300, 10, 10, 5, 3, steps, 64, DEFAULT_INPUT_FEATURES, 20, 0.01, List.of(1.0, 0.1, 0.01), 10, 10, 3, 2000,
                10, 1000, HyperparameterOptimizer.LBFGS, 200, 2, TransferConfig.reduced(),
                CarryOverConfig.forTrainingSteps(steps), 0, null, null, null, null);
    }

    /**
     * The paper's scale (appendix A.1, Table 1): pool 2000, test 1000, seed set 10, B = 10, 10 rounds, 5 seed sets,
     * 5000 training steps, H = 256, K = 20, T = 0.1 for acquisition; fidelity on a pool of 20 with B = 3 for 5000
     * steps. Hours on two cores (0.057–0.061 s per training step measured at N = 2000, H = 256, B = 10 by
     * {@code GflowNetSpeed} on the 2-core development machine, stop 27: about 4.8–5.1 minutes per re-initialised
     * BatchGFN acquisition, 50 of them; an estimate, the full run has not been timed end to end); transfer as in
     * {@link TransferConfig#full()}.
     *
     * @return the full configuration
     */
    public static BenchConfig full() {
        int steps = 5000;
        return new BenchConfig(2000, 1000, 10, 10, 10, 5, steps, 256, DEFAULT_INPUT_FEATURES, 20, 0.1, List.of(1.0, 0.1, 0.01), 10, 20, 3,
                5000, 10, 1000, HyperparameterOptimizer.LBFGS, 1000, 3, TransferConfig.full(),
                CarryOverConfig.forTrainingSteps(steps), 0, null, null, null, null);
    }

    /** @return whether the data is a CSV file rather than the toy task */
    public boolean usesCsv() {
        return data != null;
    }

    /** @return whether the data is the paper's toy task (neither a CSV file nor a shipped data set) */
    public boolean usesToy() {
        return data == null && dataset == null;
    }

    /**
     * @return every setting as ordered {@code key = value} pairs: what {@code config.txt} records and the run name
     * hashes
     */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        if (usesCsv()) {
            m.put("data", data.toAbsolutePath().normalize().toString());
            m.put("target", target);
            m.put("data_sha256_prefix", dataDigest == null ? "" : dataDigest);
            m.put("test_fraction", Double.toString(CSV_TEST_FRACTION));
        } else if (dataset != null) {
            m.put("data", "dataset " + dataset);
            m.put("data_sha256", RegressionDatasets.info(dataset).sha256());
            m.put("test_fraction", Double.toString(CSV_TEST_FRACTION));
            m.put("max_pool_size", Integer.toString(poolSize));
            m.put("max_test_size", Integer.toString(testSize));
        } else {
            m.put("data", "toy (paper appendix A.1)");
            m.put("pool_size", Integer.toString(poolSize));
            m.put("test_size", Integer.toString(testSize));
        }
        describeLoop(m, seedSetSize, batchSize, rounds, seedSets);
        m.put("training_steps", Integer.toString(trainingSteps));
        m.put("hidden_width", Integer.toString(hiddenWidth));
        m.put("fourier_features", Integer.toString(inputFeatures.count()));
        if (!inputFeatures.isNone()) {
            m.put("fourier_scale", Double.toString(inputFeatures.scale()));
        }
        m.put("samples", Integer.toString(samples));
        m.put("al_temperature", Double.toString(alTemperature));
        List<String> ts = new ArrayList<>();
        for (double t : jmiTemperatures) {
            ts.add(Double.toString(t));
        }
        m.put("jmi_temperatures", String.join(" ", ts));
        m.put("jmi_draws", Integer.toString(jmiDraws));
        m.put("fidelity_pool_size", Integer.toString(fidelityPoolSize));
        m.put("fidelity_batch_size", Integer.toString(fidelityBatchSize));
        m.put("fidelity_steps", Integer.toString(fidelitySteps));
        m.put("fidelity_checkpoints", Integer.toString(fidelityCheckpoints));
        describeGpFit(m, gpOptimizer, gpEpochs);
        m.put("gp_fit_size", Integer.toString(gpFitSize));
        m.put("speed_rounds", Integer.toString(speedRounds));
        transfer.describe(m);
        carryOver.describe(m);
        m.put("seed", Long.toString(seed));
        return m;
    }

    /**
     * Adds the active-learning loop's sizes to a description, as {@code bench} and {@code bench suite} name them.
     *
     * @param m           the description
     * @param seedSetSize labelled points before the first acquisition
     * @param batchSize   B
     * @param rounds      acquisition rounds
     * @param seedSets    seed sets
     */
    static void describeLoop(Map<String, String> m, int seedSetSize, int batchSize, int rounds, int seedSets) {
        m.put("seed_set_size", Integer.toString(seedSetSize));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("rounds", Integer.toString(rounds));
        m.put("seed_sets", Integer.toString(seedSets));
    }

    /**
     * Adds how every GP hyperparameter fit runs to a description: the optimiser and its budget (Adam's epochs, or
     * L-BFGS's iteration cap).
     *
     * @param m         the description
     * @param optimizer the optimiser
     * @param gpEpochs  Adam epochs (used by ADAM only)
     */
    static void describeGpFit(Map<String, String> m, HyperparameterOptimizer optimizer, int gpEpochs) {
        m.put("gp_optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
        if (optimizer == HyperparameterOptimizer.ADAM) {
            m.put("gp_epochs", Integer.toString(gpEpochs));
        } else {
            m.put("gp_max_iterations", Integer.toString(GaussianProcessTrainer.DEFAULT_MAX_ITERATIONS));
        }
    }

    /** @return {@link #describe()} as the text of {@code config.txt}, one {@code key = value} per line */
    public String describeText() {
        return RunNames.text(describe());
    }

    /**
     * @return the default run name: {@code toy-}, {@code csv-} or the shipped data set's name and {@code -}, then 10
     * hex digits of SHA-256 of the description
     */
    public String runName() {
        return RunNames.name(usesCsv() ? "csv-" : usesToy() ? "toy-" : dataset + "-", describeText());
    }

    static void positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1, got " + v);
        }
    }

    private static void temperature(String what, double t) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(what + " must be finite and > 0, got " + t);
        }
    }
}
