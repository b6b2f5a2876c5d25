package org.batchgfn.bench;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.batchgfn.datasets.CsvRegressionSource;
import org.batchgfn.datasets.RegressionDatasets;
import org.batchgfn.datasets.ToyRegressionSource;
import org.batchgfn.datasets.ToyRegressionTask;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The labelled pool and the test set a benchmark runs on: the paper's toy task (pool and test drawn with
 * different seeds: the task's defaults 1 and 2 for master seed 0, shifted by twice the master seed otherwise), a
 * shipped data set ({@link #named}, split like a CSV file, pool and test set capped at the configured sizes), or
 * a CSV file split once, with a fixed seed, into a pool ({@code 1 − } {@link BenchConfig#CSV_TEST_FRACTION} of
 * the rows) and a test set (the rest). Labels of the pool
 * are only revealed through an oracle by the experiments.
 *
 * @param pool        the pool with its true labels
 * @param test        the test set
 * @param description where the data came from, for the report
 */
public record BenchData(Dataset<Regressor> pool, Dataset<Regressor> test, String description) {

    /** Seed of the CSV pool/test split (fixed, so every run of a file sees the same split). */
    public static final long CSV_SPLIT_SEED = 20230601L;

    /**
     * Loads the data a configuration names.
     *
     * @param config the configuration
     * @return pool and test set
     * @throws IllegalArgumentException for a missing or malformed CSV file or column (message names file, line and
     *                                  column), or a CSV too small to split
     */
    public static BenchData load(BenchConfig config) {
        if (config.dataset() != null) {
            return named(config.dataset(), config.poolSize(), config.testSize(),
                    config.seedSetSize() + config.batchSize());
        }
        if (!config.usesCsv()) {
            ToyRegressionTask task = new ToyRegressionTask(config.poolSize(), config.testSize(),
                    ToyRegressionSource.DEFAULT_NOISE_STD, ToyRegressionTask.DEFAULT_POOL_SEED + 2 * config.seed(),
                    ToyRegressionTask.DEFAULT_TEST_SEED + 2 * config.seed());
            return new BenchData(task.poolDataset(), task.testDataset(), task.toString());
        }
        return splitCsv(config.data(), config.target(), config.seedSetSize() + config.batchSize());
    }

    /**
     * Splits a CSV file into pool and test set.
     *
     * @param file        the CSV file
     * @param target      the target column
     * @param minPoolSize the fewest pool rows the experiments need
     * @return pool and test set
     */
    static BenchData splitCsv(Path file, String target, int minPoolSize) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("data file " + file + " does not exist or is not a regular file");
        }
        CsvRegressionSource source;
        try {
            source = new CsvRegressionSource(file, target);
        } catch (PropertyException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return split(source.toDataset(), file.getFileName().toString(), file.toString(), " (target " + target
                + ", ", Integer.MAX_VALUE, Integer.MAX_VALUE, minPoolSize);
    }

    /**
     * Loads a shipped regression data set ({@link RegressionDatasets}) split like a CSV file, with the pool and the
     * test set capped (a fixed-seed subsample of a large set).
     *
     * @param name        the data set name
     * @param maxPool     largest pool
     * @param maxTest     largest test set
     * @param minPoolSize the fewest pool rows the experiments need
     * @return pool and test set
     */
    public static BenchData named(String name, int maxPool, int maxTest, int minPoolSize) {
        return split(RegressionDatasets.load(name), name, "data set " + name, " (target "
                + RegressionDatasets.info(name).targetColumn() + ", ", maxPool, maxTest, minPoolSize);
    }

    /**
     * Shuffles the rows with {@link #CSV_SPLIT_SEED}; the first {@code n − round(0.3 n)} are the pool candidates and
     * the rest the test candidates, each capped (pool: the first {@code maxPool}; test: the first {@code maxTest}).
     */
    private static BenchData split(Dataset<Regressor> all, String shortName, String longName, String targetText,
                                   int maxPool, int maxTest, int minPoolSize) {
        int n = all.size();
        int testRows = (int) Math.round(n * BenchConfig.CSV_TEST_FRACTION);
        int poolRows = n - testRows;
        if (testRows < 1 || Math.min(poolRows, maxPool) < minPoolSize) {
            throw new IllegalArgumentException(longName + " has " + n + " data rows; the benchmark needs at least "
                    + minPoolSize + " pool rows (seed set + acquired batches) after holding out "
                    + Math.round(100 * BenchConfig.CSV_TEST_FRACTION) + "% for testing");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(CSV_SPLIT_SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<Example<Regressor>> examples = new ArrayList<>(n);
        for (Example<Regressor> e : all) {
            examples.add(e);
        }
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> pool = new MutableDataset<>(
                new SimpleDataSourceProvenance(longName + " pool split (seed " + CSV_SPLIT_SEED + ")", factory),
                factory);
        MutableDataset<Regressor> test = new MutableDataset<>(
                new SimpleDataSourceProvenance(longName + " test split (seed " + CSV_SPLIT_SEED + ")", factory),
                factory);
        int keptPool = Math.min(poolRows, maxPool);
        int keptTest = Math.min(testRows, maxTest);
        for (int k = 0; k < keptPool; k++) {
            pool.add(examples.get(order[k]).copy());
        }
        for (int k = poolRows; k < poolRows + keptTest; k++) {
            test.add(examples.get(order[k]).copy());
        }
        String sizes = keptPool == poolRows && keptTest == testRows
                ? n + " rows: pool " + poolRows + ", test " + testRows + ")"
                : n + " rows, subsampled: pool " + keptPool + ", test " + keptTest + ")";
        return new BenchData(pool, test, shortName + targetText + sizes);
    }

    /**
     * @param file a file
     * @return the first 16 hex digits of its SHA-256 hash
     * @throws IllegalArgumentException if it cannot be read
     */
    public static String digest(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 16);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read data file " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * @param data a dataset
     * @return its single regression target per row
     */
    static double[] targets(Dataset<Regressor> data) {
        double[] y = new double[data.size()];
        int i = 0;
        for (Example<Regressor> e : data) {
            y[i++] = e.getOutput().getValues()[0];
        }
        return y;
    }
}
