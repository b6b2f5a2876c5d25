package org.batchgfn.cli;

import org.batchgfn.bench.BenchConfig;
import org.batchgfn.bench.BenchData;
import org.batchgfn.bench.BenchRun;
import org.batchgfn.bench.Benchmark;
import org.batchgfn.bench.CarryOverConfig;
import org.batchgfn.bench.Experiment;
import org.batchgfn.bench.TransferConfig;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.ComputeThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code batchgfn bench}: the paper's experiments (fidelity, jmi, al, speed, transfer, and a GP sanity check) in one
 * command,
 * with tidy CSV results, PNG/SVG plots and a one-page {@code report.md} under {@code OUT/RUN/}. Without options it
 * runs the reduced configuration on the toy task ({@link BenchConfig#reduced()}); {@code --full} runs the paper's
 * scale; {@code --data FILE --target COL} runs on a CSV file split 70/30 into pool and test set. Every setting can
 * be overridden. Rerunning the same command resumes an interrupted run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, subcommands = SuiteCommand.class,
        description = {"Run the BatchGFN paper's experiments and write CSV results, plots and report.md.",
                "Default: a reduced configuration on the paper's toy task (3.6-5.0 minutes with the build on the "
                        + "2-core development machine; see README).",
                "Results go to OUT/RUN/, RUN being a hash of the configuration; rerunning the same command "
                        + "resumes an interrupted run and skips finished work."},
        footer = {"", "Experiments: gp (GP fit sanity check), fidelity (Fig. 2: exact JSD at T = 1), jmi (Fig. 3: "
                + "JMI of batches per strategy), al (Fig. 4: test RMSE/NLL vs labels), speed (seconds per "
                + "acquisition), transfer (Fig. 5/9: exact JSD vs training steps after an acquisition for a "
                + "re-initialised, continued and lookahead-trained policy, and zero-shot quality; toy task only, "
                + "seed set 17, B = 3, T = 0.1)."})
public final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "EXPERIMENT",
            description = "Experiments to run: gp, fidelity, jmi, al, speed, transfer (default: all).")
    private List<String> experiments = new ArrayList<>();

    @Option(names = "--full", description = "Paper scale: pool 2000, test 1000, seed set 10, B = 10, 10 rounds, "
            + "5 seed sets, 5000 training steps, H = 256 (hours on 2 cores: about 5 minutes of policy training per "
            + "BatchGFN acquisition); transfer on pools 20 and 50 with "
            + "5 seeds, H = 256, 5000 steps before and after the acquisition.")
    private boolean full;

    @Option(names = "--data", paramLabel = "FILE", description = "CSV file (header row, numeric columns) instead of "
            + "the toy task; 30%% of its rows (seeded shuffle) are the test set, the rest the pool.")
    private Path data;

    @Option(names = "--target", paramLabel = "COL", description = "Target column of --data.")
    private String target;

    @Option(names = "--dataset", paramLabel = "NAME", description = "A shipped real data set instead of the toy task "
            + "(see 'batchgfn datasets'): split 70/30 like --data, the pool and test set capped at --pool-size and "
            + "--test-size rows (fixed-seed subsample).")
    private String dataset;

    @Mixin
    private LoopOptions loop = new LoopOptions();

    @Option(names = "--carried-steps", paramLabel = "N", description = "al, BatchGFN continue and lookahead: training "
            + "steps of a round that starts from the carried policy (default: a tenth of --training-steps).")
    private Integer carriedSteps;
    @Option(names = "--lookaheads", paramLabel = "L", description = "al, BatchGFN lookahead: hallucinated next "
            + "rounds trained on after each choice (default: 2).")
    private Integer lookaheads;
    @Option(names = "--lookahead-steps", paramLabel = "N", description = "al, BatchGFN lookahead: training steps on "
            + "each hallucinated round (default: a quarter of --carried-steps).")
    private Integer lookaheadSteps;
    @Option(names = "--fourier-features", paramLabel = "M", description = "Random Fourier input features of the "
            + "policy encoders; 0 for the standardised inputs, as in the paper (default: 16).")
    private Integer fourierFeatures;
    @Option(names = "--fourier-scale", paramLabel = "S", description = "Standard deviation of the Fourier features' "
            + "projected frequency, in cycles per standard deviation of the input (default: 1.0).")
    private Double fourierScale;
    @Option(names = "--jmi-temperatures", paramLabel = "T", split = ",", description = "Temperatures of the jmi "
            + "experiment, comma-separated.")
    private List<Double> jmiTemperatures;
    @Option(names = "--jmi-draws", paramLabel = "N", description = "Batches drawn per stochastic strategy (jmi).")
    private Integer jmiDraws;
    @Option(names = "--fidelity-pool-size", paramLabel = "N", description = "Enumerable pool size (fidelity).")
    private Integer fidelityPoolSize;
    @Option(names = "--fidelity-batch-size", paramLabel = "B", description = "Batch size of the fidelity experiment.")
    private Integer fidelityBatchSize;
    @Option(names = "--fidelity-steps", paramLabel = "N", description = "Training steps at T = 1 (fidelity).")
    private Integer fidelitySteps;
    @Option(names = "--fidelity-checkpoints", paramLabel = "N", description = "Exact JSD evaluations during "
            + "fidelity training.")
    private Integer fidelityCheckpoints;
    @Option(names = "--gp-fit-size", paramLabel = "N", description = "Training points of the gp sanity check.")
    private Integer gpFitSize;
    @Option(names = "--speed-rounds", paramLabel = "N", description = "Rounds timed by the speed experiment.")
    private Integer speedRounds;
    @Option(names = "--transfer-pool-sizes", paramLabel = "N", split = ",", description = "Round-1 pool sizes of "
            + "the transfer experiment, comma-separated, each in [7, 60] (reduced: 20,50).")
    private List<Integer> transferPoolSizes;
    @Option(names = "--transfer-seeds", paramLabel = "N", split = ",", description = "Toy-task seeds per transfer "
            + "pool size: one count for all, or one per pool size (reduced: 3,1).")
    private List<Integer> transferSeeds;
    @Option(names = "--transfer-hidden-width", paramLabel = "H", description = "Policy width in the transfer "
            + "experiment (reduced: 64).")
    private Integer transferHiddenWidth;
    @Option(names = "--transfer-round1-steps", paramLabel = "N", description = "Training steps of the round-1 "
            + "policies that CONTINUE and LOOKAHEAD carry over (reduced: 2000).")
    private Integer transferRound1Steps;
    @Option(names = "--transfer-lookaheads", paramLabel = "L", description = "Hallucinated acquisitions of "
            + "lookahead training (reduced: 10).")
    private Integer transferLookaheads;
    @Option(names = "--transfer-lookahead-steps", paramLabel = "N", description = "Training steps on each "
            + "hallucinated acquisition (reduced: 200).")
    private Integer transferLookaheadSteps;
    @Option(names = "--transfer-steps", paramLabel = "S", description = "Training steps after the acquisition "
            + "(reduced: 3000).")
    private Integer transferSteps;
    @Option(names = "--transfer-eval-every", paramLabel = "N", description = "Steps between exact JSD "
            + "evaluations after the acquisition (reduced: 100).")
    private Integer transferEvalEvery;
    @Option(names = "--threads", paramLabel = "N", description = "Compute threads of BatchGFN training (the fused "
            + "policy-head kernel; ND4J's BLAS stays on one thread); default: every core. A seed gives the same "
            + "results whatever the count.")
    private Integer threads;

    /** Test hook: told about every recorded cell (may throw to simulate an interruption). */
    private BenchRun.CellObserver observer = (table, key) -> { };

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** For picocli. */
    public BenchCommand() {
    }

    /**
     * For tests: a command whose runs report every recorded cell.
     *
     * @param observer told about each recorded cell
     */
    BenchCommand(BenchRun.CellObserver observer) {
        this.observer = observer;
    }

    @Override
    public Integer call() throws Exception {
        List<Experiment> selected = Benchmark.select(experiments);
        BenchConfig config = configure();
        String name = RunFolderName.of(loop.runName(), config.runName());
        if (threads != null) {
            if (threads < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
            }
            ComputeThreads.set(threads);
        }
        long start = System.nanoTime();
        Path report;
        report = Benchmark.run(config, selected, loop.out().resolve(name), System.err, observer);
        spec.commandLine().getOut().printf("bench: done in %.1f min; report: %s%n",
                (System.nanoTime() - start) / 6e10, report);
        return 0;
    }

    private BenchConfig configure() {
        if ((data == null) != (target == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--data and --target go together: give the CSV file and the name of its target column");
        }
        if (dataset != null && data != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dataset and --data exclude each other: give a shipped data set's name or a CSV file");
        }
        BenchConfig b = full ? BenchConfig.full() : BenchConfig.reduced();
        String digest = data == null ? null : BenchData.digest(data);
        try {
            int steps = loop.trainingSteps(b.trainingSteps());
            return new BenchConfig(loop.poolSize(b.poolSize()), loop.testSize(b.testSize()),
                loop.seedSetSize(b.seedSetSize()), loop.batchSize(b.batchSize()), loop.rounds(b.rounds()),
                loop.seedSets(b.seedSets()), steps, loop.hiddenWidth(b.hiddenWidth()),
                new FourierFeatures(or(fourierFeatures, b.inputFeatures().count()),
                        or(fourierScale, b.inputFeatures().scale())),
                loop.samples(b.samples()), loop.temperature(b.alTemperature()),
                or(jmiTemperatures, b.jmiTemperatures()), or(jmiDraws, b.jmiDraws()),
                or(fidelityPoolSize, b.fidelityPoolSize()), or(fidelityBatchSize, b.fidelityBatchSize()),
                or(fidelitySteps, b.fidelitySteps()), or(fidelityCheckpoints, b.fidelityCheckpoints()),
                loop.gpEpochs(b.gpEpochs()), loop.gpOptimizer(b.gpOptimizer()), or(gpFitSize, b.gpFitSize()),
                or(speedRounds, b.speedRounds()),
                transfer(b.transfer()), carryOver(steps), loop.seed(b.seed()), data, target, digest, dataset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid option value: " + e.getMessage());
        }
    }

    /** The options, else the presets' rule applied to the first round's steps. */
    private CarryOverConfig carryOver(int firstRoundSteps) {
        CarryOverConfig preset = CarryOverConfig.withCarriedSteps(
                or(carriedSteps, CarryOverConfig.carriedStepsFor(firstRoundSteps)));
        return new CarryOverConfig(preset.carriedSteps(), or(lookaheads, preset.lookaheads()),
                or(lookaheadSteps, preset.stepsPerLookahead()));
    }

    private TransferConfig transfer(TransferConfig b) {
        return new TransferConfig(or(transferPoolSizes, b.poolSizes()), or(transferSeeds, b.seeds()),
                or(transferHiddenWidth, b.hiddenWidth()), or(transferRound1Steps, b.round1Steps()),
                or(transferLookaheads, b.lookaheads()), or(transferLookaheadSteps, b.stepsPerLookahead()),
                or(transferSteps, b.steps()), or(transferEvalEvery, b.evalEvery()));
    }

    private static <T> T or(T value, T fallback) {
        return LoopOptions.or(value, fallback);
    }
}
