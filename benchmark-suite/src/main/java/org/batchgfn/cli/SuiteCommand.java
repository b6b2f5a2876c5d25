package org.batchgfn.cli;

import org.batchgfn.bench.BenchRun;
import org.batchgfn.bench.BenchmarkSuite;
import org.batchgfn.bench.SuiteConfig;
import org.batchgfn.gp.HyperparameterOptimizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code batchgfn bench suite}: every acquisition strategy (random, BALD, stochastic BALD, BatchBALD, BatchGFN,
 * MaxDist, KMeans++, LCMD, BAIT) in the active-learning experiment on every shipped regression data set and the toy
 * task, then a ranking in the reference benchmark's metric (mean log RMSE / MAE / max error). Resumable like
 * {@code bench}.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rank every acquisition strategy over the shipped regression data sets and the toy task.",
                "Default: a reduced configuration (pool <= 300 and test <= 300 rows per data set, seed set 10, "
                        + "B = 10, 4 rounds, 2 seed sets; BatchGFN with only 300 training steps at H = 32), about "
                        + "15 minutes on 2 cores.",
                "Results go to OUT/RUN/: one folder per data set with al.csv and curves, ranking.csv, report.md. "
                        + "Rerunning the same command resumes an interrupted run."})
public final class SuiteCommand implements Callable<Integer> {

    @Option(names = "--full", description = "More rounds and seed sets: pool and test <= 1000 rows, 10 rounds, 5 seed "
            + "sets, BatchGFN with 2500 steps at H = 64.")
    private boolean full;
    @Option(names = "--datasets", paramLabel = "NAME", split = ",", description = "Data sets, comma-separated "
            + "(default: toy and every shipped one; see 'batchgfn datasets').")
    private List<String> datasets;
    @Option(names = "--out", paramLabel = "DIR", description = "Results root folder (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results");
    @Option(names = "--run", paramLabel = "NAME", description = "Run folder name (default: suite- and a hash of the "
            + "configuration).")
    private String runName;
    @Option(names = "--pool-size", paramLabel = "N", description = "Largest pool per data set (subsampled).")
    private Integer poolSize;
    @Option(names = "--test-size", paramLabel = "N", description = "Largest test set per data set (subsampled).")
    private Integer testSize;
    @Option(names = "--seed-set-size", paramLabel = "N", description = "Initially labelled points.")
    private Integer seedSetSize;
    @Option(names = {"-B", "--batch-size"}, paramLabel = "B", description = "Points acquired per round.")
    private Integer batchSize;
    @Option(names = "--rounds", paramLabel = "N", description = "Acquisition rounds.")
    private Integer rounds;
    @Option(names = "--seed-sets", paramLabel = "N", description = "Seed sets per data set.")
    private Integer seedSets;
    @Option(names = "--gp-epochs", paramLabel = "N", description = "Fit each GP by Adam for N epochs instead of the default L-BFGS.")
    private Integer gpEpochs;
    @Option(names = "--training-steps", paramLabel = "N", description = "BatchGFN training steps per acquisition.")
    private Integer trainingSteps;
    @Option(names = "--hidden-width", paramLabel = "H", description = "BatchGFN policy width.")
    private Integer hiddenWidth;
    @Option(names = "--samples", paramLabel = "K", description = "BatchGFN batches sampled per acquisition.")
    private Integer samples;
    @Option(names = "--temperature", paramLabel = "T", description = "BatchGFN reward temperature.")
    private Double temperature;
    @Option(names = "--seed", paramLabel = "S", description = "Master random seed.")
    private Long seed;

    /** Test hook: told about every recorded cell. */
    private BenchRun.CellObserver observer = (table, key) -> { };

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public SuiteCommand() {
    }

    /**
     * For tests: a command whose runs report every recorded cell.
     *
     * @param observer told about each recorded cell
     */
    SuiteCommand(BenchRun.CellObserver observer) {
        this.observer = observer;
    }

    @Override
    public Integer call() throws Exception {
        SuiteConfig b = full ? SuiteConfig.full() : SuiteConfig.reduced();
        SuiteConfig config;
        try {
            config = new SuiteConfig(or(datasets, b.datasets()), or(poolSize, b.poolSize()),
                    or(testSize, b.testSize()), or(seedSetSize, b.seedSetSize()), or(batchSize, b.batchSize()),
                    or(rounds, b.rounds()), or(seedSets, b.seedSets()), or(gpEpochs, b.gpEpochs()),
                    gpEpochs != null ? HyperparameterOptimizer.ADAM : b.gpOptimizer(),
                    or(trainingSteps, b.trainingSteps()), or(hiddenWidth, b.hiddenWidth()), or(samples, b.samples()),
                    or(temperature, b.temperature()), or(seed, b.seed()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid option value: " + e.getMessage());
        }
        String name;
        try {
            name = RunFolderName.of(runName, config.runName());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long start = System.nanoTime();
        Path report = BenchmarkSuite.run(config, out.resolve(name), System.err, observer);
        spec.commandLine().getOut().printf("bench suite: done in %.1f min; report: %s%n",
                (System.nanoTime() - start) / 6e10, report);
        return 0;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
