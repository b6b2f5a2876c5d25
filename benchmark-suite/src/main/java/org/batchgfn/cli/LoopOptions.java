package org.batchgfn.cli;

import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.HyperparameterOptimizer;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The options {@code bench} and {@code bench suite} share (a picocli mixin): where the results go, the sizes of the
 * active-learning loop, how the GP is fitted, BatchGFN's basic budget and the master seed. Each accessor returns
 * the option's value, or the given preset's when the option is absent, so each command builds its configuration
 * from its own preset.
 */
final class LoopOptions {

    @Option(names = "--out", paramLabel = "DIR", description = "Results root folder (default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("results");
    @Option(names = "--run", paramLabel = "NAME", description = "Run folder name (default: the data and a hash of the "
            + "configuration). A folder started with another configuration is refused.")
    private String runName;
    @Option(names = "--pool-size", paramLabel = "N", description = "Pool size of the toy task; the largest pool of a "
            + "shipped data set (a fixed-seed subsample of its 70%% split).")
    private Integer poolSize;
    @Option(names = "--test-size", paramLabel = "N", description = "Test-set size of the toy task; the largest test "
            + "set of a shipped data set.")
    private Integer testSize;
    @Option(names = "--seed-set-size", paramLabel = "N", description = "Initially labelled points.")
    private Integer seedSetSize;
    @Option(names = {"-B", "--batch-size"}, paramLabel = "B", description = "Points acquired per round.")
    private Integer batchSize;
    @Option(names = "--rounds", paramLabel = "N", description = "Acquisition rounds of active learning.")
    private Integer rounds;
    @Option(names = "--seed-sets", paramLabel = "N", description = "Repeats of active learning with different seed "
            + "sets.")
    private Integer seedSets;
    @Option(names = "--training-steps", paramLabel = "N", description = "BatchGFN policy training steps per "
            + "acquisition (in al, the first round of the amortised modes).")
    private Integer trainingSteps;
    @Option(names = "--hidden-width", paramLabel = "H", description = "BatchGFN policy network width.")
    private Integer hiddenWidth;
    @Option(names = "--samples", paramLabel = "K", description = "Batches sampled per BatchGFN acquisition; the "
            + "best is kept.")
    private Integer samples;
    @Option(names = "--temperature", paramLabel = "T", description = "BatchGFN reward temperature in active learning "
            + "(bench: al and speed).")
    private Double temperature;
    @Option(names = "--gp-optimizer", paramLabel = "NAME", description = "How each GP hyperparameter fit runs: "
            + "lbfgs (default; L-BFGS to convergence, at most " + GaussianProcessTrainer.DEFAULT_MAX_ITERATIONS
            + " iterations) or adam (--gp-epochs steps; the default when only --gp-epochs is given).")
    private String gpOptimizer;
    @Option(names = "--gp-epochs", paramLabel = "N", description = "Adam epochs of each GP hyperparameter fit "
            + "(--gp-optimizer adam).")
    private Integer gpEpochs;
    @Option(names = "--seed", paramLabel = "S", description = "Master random seed.")
    private Long seed;

    /** @return the results root folder */
    Path out() {
        return out;
    }

    /** @return the run folder name given, or null for the configuration's default */
    String runName() {
        return runName;
    }

    int poolSize(int preset) {
        return or(poolSize, preset);
    }

    int testSize(int preset) {
        return or(testSize, preset);
    }

    int seedSetSize(int preset) {
        return or(seedSetSize, preset);
    }

    int batchSize(int preset) {
        return or(batchSize, preset);
    }

    int rounds(int preset) {
        return or(rounds, preset);
    }

    int seedSets(int preset) {
        return or(seedSets, preset);
    }

    int trainingSteps(int preset) {
        return or(trainingSteps, preset);
    }

    int hiddenWidth(int preset) {
        return or(hiddenWidth, preset);
    }

    int samples(int preset) {
        return or(samples, preset);
    }

    double temperature(double preset) {
        return or(temperature, preset);
    }

    int gpEpochs(int preset) {
        return or(gpEpochs, preset);
    }

    long seed(long preset) {
        return or(seed, preset);
    }

    /**
     * @param preset the preset's optimiser
     * @return --gp-optimizer, else Adam when only --gp-epochs is given, else the preset's
     * @throws IllegalArgumentException for an unknown name, or --gp-epochs with lbfgs
     */
    HyperparameterOptimizer gpOptimizer(HyperparameterOptimizer preset) {
        if (gpOptimizer == null) {
            return gpEpochs != null ? HyperparameterOptimizer.ADAM : preset;
        }
        switch (gpOptimizer.toLowerCase(Locale.ROOT)) {
            case "lbfgs":
                if (gpEpochs != null) {
                    throw new IllegalArgumentException("--gp-epochs applies to --gp-optimizer adam only");
                }
                return HyperparameterOptimizer.LBFGS;
            case "adam":
                return HyperparameterOptimizer.ADAM;
            default:
                throw new IllegalArgumentException("unknown --gp-optimizer '" + gpOptimizer
                        + "'; allowed: lbfgs, adam");
        }
    }

    /**
     * @param value    an option's value, or null
     * @param fallback the preset's
     * @param <T>      the type
     * @return the value if given, else the fallback
     */
    static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
