package org.batchgfn.cli;

import org.batchgfn.bench.BenchRun;
import org.batchgfn.bench.BenchmarkSuite;
import org.batchgfn.bench.SuiteConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                        + "B = 10, 4 rounds, 2 seed sets; BatchGFN with only 300 training steps at H = 32): 1 minute "
                        + "on an idle 2-core machine after the build, 5 at load 5-7 (README).",
                "Results go to OUT/RUN/: one folder per data set with al.csv and curves, ranking.csv, report.md. "
                        + "Rerunning the same command resumes an interrupted run."})
public final class SuiteCommand implements Callable<Integer> {

    @Option(names = "--full", description = "More rounds and seed sets: pool and test <= 1000 rows, 10 rounds, 5 seed "
            + "sets, BatchGFN with 2500 steps at H = 64.")
    private boolean full;
    @Option(names = "--datasets", paramLabel = "NAME", split = ",", description = "Data sets, comma-separated "
            + "(default: toy and every shipped one; see 'batchgfn datasets').")
    private List<String> datasets;
    @Mixin
    private LoopOptions loop = new LoopOptions();

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
            config = new SuiteConfig(LoopOptions.or(datasets, b.datasets()), loop.poolSize(b.poolSize()),
                    loop.testSize(b.testSize()), loop.seedSetSize(b.seedSetSize()), loop.batchSize(b.batchSize()),
                    loop.rounds(b.rounds()), loop.seedSets(b.seedSets()), loop.gpEpochs(b.gpEpochs()),
                    loop.gpOptimizer(b.gpOptimizer()), loop.trainingSteps(b.trainingSteps()),
                    loop.hiddenWidth(b.hiddenWidth()), loop.samples(b.samples()), loop.temperature(b.temperature()),
                    loop.seed(b.seed()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid option value: " + e.getMessage());
        }
        String name;
        try {
            name = RunFolderName.of(loop.runName(), config.runName());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        long start = System.nanoTime();
        Path report = BenchmarkSuite.run(config, loop.out().resolve(name), System.err, observer);
        spec.commandLine().getOut().printf("bench suite: done in %.1f min; report: %s%n",
                (System.nanoTime() - start) / 6e10, report);
        return 0;
    }
}
