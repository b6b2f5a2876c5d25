package org.batchgfn.bench;

import org.batchgfn.acquisition.AcquisitionStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs {@code bench suite}: the active-learning experiment ({@link SuiteExperiment}) for every strategy on every
 * data set of a {@link SuiteConfig}, each data set in its own sub-folder of the run folder, then the ranking and
 * the report ({@link SuiteReport}). Resumable and locked like {@link Benchmark}: finished cells are skipped, the
 * configuration is fixed by {@code config.txt}, and the report is regenerated at the end of every run, also when
 * a data set fails.
 */
public final class BenchmarkSuite {

    private BenchmarkSuite() {
    }

    /**
     * @param config   the suite's configuration
     * @param runDir   the run folder (created if missing)
     * @param console  progress and messages
     * @param observer told about every recorded cell
     * @return the report file
     * @throws IOException                 if the folder cannot be prepared
     * @throws RunLock.RunLockedException  if another process writes the folder
     * @throws IllegalArgumentException    if the folder was started with another configuration
     */
    public static Path run(SuiteConfig config, Path runDir, PrintStream console, BenchRun.CellObserver observer)
            throws IOException {
        BenchConfig bench = config.benchConfig();
        List<AcquisitionStrategy> strategies = BenchStrategies.suite(bench);
        int minPool = config.seedSetSize() + config.rounds() * config.batchSize() + 1;
        Files.createDirectories(runDir);
        try (RunLock lock = RunLock.acquire(runDir)) {
            Benchmark.checkOrWriteConfig(config.describeText(), runDir);
            SuiteReport report = new SuiteReport(config,
                    strategies.stream().map(AcquisitionStrategy::name).collect(Collectors.toList()));
            RuntimeException failure = null;
            try {
                for (String ds : config.datasets()) {
                    BenchData data = ds.equals(SuiteConfig.TOY) ? BenchData.load(bench)
                            : BenchData.named(ds, config.poolSize(), config.testSize(), minPool);
                    console.println("suite: " + data.description());
                    new SuiteExperiment(ds).run(new BenchRun(bench, data, runDir.resolve(ds), console, observer));
                }
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                try {
                    console.println("suite: report " + report.write(runDir));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
            return runDir.resolve("report.md");
        }
    }
}
