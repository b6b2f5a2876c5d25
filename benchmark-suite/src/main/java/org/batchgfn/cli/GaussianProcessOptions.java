package org.batchgfn.cli;

import org.batchgfn.gp.GaussianProcessHyperparameters;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.HyperparameterOptimizer;
import org.batchgfn.gp.kernel.KernelType;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tribuo.Dataset;
import org.tribuo.regression.Regressor;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The exact-GP options shared by {@code predict} and {@code acquire} (a picocli mixin): kernel, either fixed
 * hyperparameters or how to fit them (L-BFGS with an iteration cap and optional random restarts, the default, or
 * Adam for a number of epochs), and whether to standardise.
 * <p>
 * Units: without {@code --raw}, every input column and the target are standardised to zero mean and unit
 * (population) variance on the training file, and fixed hyperparameters are read in those standardised units
 * (lengthscales in input standard deviations, outputscale and noise in target variances, mean in target standard
 * deviations from the target's mean). With {@code --raw} they are in the units of the CSV file. Outputs
 * (predictions, JMI) are always in raw units. The hyperparameters actually used are reported on standard error in
 * the same units, so fitted values can be passed back as fixed ones.
 */
public final class GaussianProcessOptions {

    /** Adam epochs when fitting with Adam and {@code --epochs} is not given. */
    static final int DEFAULT_EPOCHS = GaussianProcessTrainer.DEFAULT_EPOCHS;
    /** L-BFGS iteration cap when {@code --max-iterations} is not given. */
    static final int DEFAULT_MAX_ITERATIONS = GaussianProcessTrainer.DEFAULT_MAX_ITERATIONS;
    /** Training rows from which a fit shows a progress bar (below, fits take about a second or less). */
    static final int PROGRESS_BAR_ROWS = 400;

    @Option(names = "--kernel", paramLabel = "KERNEL", defaultValue = "matern52",
            converter = KernelTypeConverter.class, completionCandidates = KernelTypeConverter.Names.class,
            description = "Kernel: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private KernelType kernel;

    @Option(names = "--lengthscale", paramLabel = "X", split = ",",
            description = "Fixed lengthscale: one shared value or one per feature column, comma-separated, in "
                    + "the order of the training file's feature columns. Give with --outputscale, --noise and "
                    + "--mean (fixed hyperparameters, no fit). Standardised units unless --raw.")
    private List<Double> lengthscales;

    @Option(names = "--outputscale", paramLabel = "X",
            description = "Fixed outputscale (prior variance of the latent function). Standardised units unless "
                    + "--raw.")
    private Double outputscale;

    @Option(names = "--noise", paramLabel = "X",
            description = "Fixed observation-noise variance. Standardised units unless --raw.")
    private Double noise;

    @Option(names = "--mean", paramLabel = "X",
            description = "Fixed constant prior mean. Standardised units unless --raw.")
    private Double mean;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "How the hyperparameters are fitted (maximising the exact log marginal likelihood): "
                    + "lbfgs (L-BFGS with a strong-Wolfe line search, stopped by a gradient or relative-change "
                    + "test; the default) or adam (fixed --epochs at learning rate 0.1, the BatchGFN paper's "
                    + "recipe; measured 4-34x slower than lbfgs at 500-1000 rows on a shared 2-core machine). "
                    + "Default: lbfgs, or adam when only --epochs is given.")
    private String optimizer;

    @Option(names = "--max-iterations", paramLabel = "N",
            description = "L-BFGS iteration cap (default: " + DEFAULT_MAX_ITERATIONS + "; fits usually converge in "
                    + "20-80).")
    private Integer maxIterations;

    @Option(names = "--restarts", paramLabel = "N",
            description = "Further fits from random starting hyperparameters (seeded by --restart-seed); the one "
                    + "with the highest log marginal likelihood is kept (default: 0, as scikit-learn's).")
    private Integer restarts;

    @Option(names = "--restart-seed", paramLabel = "N",
            description = "Seed of the random starting points of --restarts (default: "
                    + GaussianProcessTrainer.DEFAULT_SEED + ").")
    private Long restartSeed;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Adam epochs when --optimizer adam (default: " + DEFAULT_EPOCHS + ").")
    private Integer epochs;

    @Option(names = "--raw",
            description = "Do not standardise the feature columns and the target; fixed hyperparameters are then "
                    + "in the CSV file's units.")
    private boolean raw;

    /** Picocli creates the mixin. */
    public GaussianProcessOptions() {
    }

    /**
     * Checks what can be checked before any file is read: fixed hyperparameters all or none, their ranges, and
     * {@code --epochs}.
     *
     * @param cmd the command, for usage errors
     * @throws CommandLine.ParameterException if only some fixed hyperparameters are given, a value is out of
     *                                        range, or {@code --epochs} is negative or combined with fixed values
     */
    void checkUsage(CommandLine cmd) {
        List<String> given = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        (lengthscales != null ? given : missing).add("--lengthscale");
        (outputscale != null ? given : missing).add("--outputscale");
        (noise != null ? given : missing).add("--noise");
        (mean != null ? given : missing).add("--mean");
        if (!given.isEmpty() && !missing.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "fixed hyperparameters must be given all four together "
                    + "or not at all (then they are fitted); got " + String.join(", ", given) + " but missing "
                    + String.join(", ", missing));
        }
        if (missing.isEmpty()) {
            for (String[] option : new String[][]{{"--epochs", epochs == null ? null : ""},
                    {"--optimizer", optimizer}, {"--max-iterations", maxIterations == null ? null : ""},
                    {"--restarts", restarts == null ? null : ""}, {"--restart-seed",
                    restartSeed == null ? null : ""}}) {
                if (option[1] != null) {
                    throw new CommandLine.ParameterException(cmd, option[0] + " cannot be combined with fixed "
                            + "hyperparameters (--lengthscale, --outputscale, --noise and --mean all given: no fit)");
                }
            }
            for (double l : lengthscales) {
                requirePositive(cmd, "--lengthscale", l);
            }
            requirePositive(cmd, "--outputscale", outputscale);
            requirePositive(cmd, "--noise", noise);
            if (!Double.isFinite(mean)) {
                throw new CommandLine.ParameterException(cmd, "--mean must be finite, got " + mean);
            }
            return;
        }
        HyperparameterOptimizer chosen = optimizer(cmd);
        if (epochs != null && epochs < 0) {
            throw new CommandLine.ParameterException(cmd, "--epochs must be >= 0, got " + epochs);
        }
        if (maxIterations != null && maxIterations < 0) {
            throw new CommandLine.ParameterException(cmd, "--max-iterations must be >= 0, got " + maxIterations);
        }
        if (restarts != null && restarts < 0) {
            throw new CommandLine.ParameterException(cmd, "--restarts must be >= 0, got " + restarts);
        }
        if (chosen == HyperparameterOptimizer.LBFGS && epochs != null) {
            throw new CommandLine.ParameterException(cmd, "--epochs applies to --optimizer adam only; L-BFGS takes "
                    + "--max-iterations");
        }
        if (chosen == HyperparameterOptimizer.ADAM && maxIterations != null) {
            throw new CommandLine.ParameterException(cmd, "--max-iterations applies to --optimizer lbfgs only; Adam "
                    + "takes --epochs");
        }
    }

    /** The optimiser asked for: --optimizer, else Adam when only --epochs is given, else L-BFGS. */
    private HyperparameterOptimizer optimizer(CommandLine cmd) {
        if (optimizer == null) {
            return epochs != null ? HyperparameterOptimizer.ADAM : HyperparameterOptimizer.LBFGS;
        }
        switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "lbfgs":
                return HyperparameterOptimizer.LBFGS;
            case "adam":
                return HyperparameterOptimizer.ADAM;
            default:
                throw new CommandLine.ParameterException(cmd, "unknown --optimizer '" + optimizer
                        + "'; allowed: lbfgs, adam");
        }
    }

    /**
     * Checks the options against the training file's features and builds the trainer they describe.
     *
     * @param cmd          the command, for usage errors
     * @param featureNames the training file's feature columns in file order, to check and order lengthscales
     * @param modelOrder   the model's feature order (Tribuo sorts features by name), into which per-feature
     *                     lengthscales are permuted
     * @return the trainer
     * @throws CommandLine.ParameterException as {@link #checkUsage}, or if the number of lengthscales fits neither
     *                                        one nor every feature
     */
    GaussianProcessTrainer trainer(CommandLine cmd, List<String> featureNames, List<String> modelOrder) {
        checkUsage(cmd);
        boolean standardise = !raw;
        if (lengthscales == null) {
            int extra = restarts == null ? 0 : restarts;
            long seed = restartSeed == null ? GaussianProcessTrainer.DEFAULT_SEED : restartSeed;
            if (optimizer(cmd) == HyperparameterOptimizer.ADAM) {
                return new GaussianProcessTrainer(kernel, epochs == null ? DEFAULT_EPOCHS : epochs,
                        GaussianProcessTrainer.DEFAULT_LEARNING_RATE, extra, seed, standardise, standardise);
            }
            return new GaussianProcessTrainer(kernel, maxIterations == null ? DEFAULT_MAX_ITERATIONS
                    : maxIterations, extra, seed, standardise, standardise);
        }
        if (lengthscales.size() != 1 && lengthscales.size() != featureNames.size()) {
            throw new CommandLine.ParameterException(cmd, "--lengthscale takes one shared value or one per feature "
                    + "column " + featureNames + " (" + featureNames.size() + "), got " + lengthscales.size());
        }
        double[] ls;
        if (lengthscales.size() == 1) {
            ls = new double[]{lengthscales.get(0)};
        } else {
            ls = new double[modelOrder.size()];
            for (int k = 0; k < ls.length; k++) {
                ls[k] = lengthscales.get(featureNames.indexOf(modelOrder.get(k)));
            }
        }
        return new GaussianProcessTrainer(kernel, new GaussianProcessHyperparameters(ls, outputscale, noise, mean),
                standardise, standardise);
    }

    /** The fit's run provenance as one phrase: optimiser, iterations, stop reason, log marginal likelihood. */
    private static String fitSummary(GaussianProcessModel model) {
        var run = model.getProvenance().getInstanceProvenance().getMap();
        java.util.function.Function<String, Object> value = key -> run.get(key) instanceof PrimitiveProvenance<?> p
                ? p.getValue() : "?";
        return String.format(Locale.ROOT, " (%s, %s iterations, stopped: %s; log marginal likelihood %.4f in "
                        + "standardised units, %.4f in raw units)", value.apply("gp-fit-optimizer"),
                value.apply("gp-fit-iterations"), value.apply("gp-fit-stop-reason"),
                value.apply("gp-fit-log-marginal-likelihood"), model.posterior().logMarginalLikelihood());
    }

    private static void requirePositive(CommandLine cmd, String option, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new CommandLine.ParameterException(cmd, option + " must be positive and finite, got " + value);
        }
    }

    /**
     * Trains the GP, with a status line on standard error before (fitting may take a while: O(M³) per epoch) and
     * after it the hyperparameters used, written as the options that fix them (in the units those options take,
     * lengthscales in the training file's column order), so that a fitted model can be reproduced without a fit.
     *
     * @param cmd          the command, for its name and standard error
     * @param trainer      from {@link #trainer}
     * @param training     the training data
     * @param featureNames the training file's feature columns in file order
     * @param modelOrder   the model's feature order
     * @return the model
     */
    GaussianProcessModel train(CommandLine cmd, GaussianProcessTrainer trainer, Dataset<Regressor> training,
                               List<String> featureNames, List<String> modelOrder) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandName();
        String kernelName = KernelTypeConverter.name(kernel);
        boolean fit = !trainer.hasFixedHyperparameters();
        boolean adam = trainer.optimizer() == HyperparameterOptimizer.ADAM;
        int starts = 1 + (restarts == null ? 0 : restarts);
        if (fit) {
            err.printf(Locale.ROOT, "%s: fitting GP hyperparameters (%s kernel, %s%s) on %d rows x %d "
                            + "features...%n", name, kernelName,
                    adam ? (epochs == null ? DEFAULT_EPOCHS : epochs) + " Adam epochs"
                            : "L-BFGS, at most " + (maxIterations == null ? DEFAULT_MAX_ITERATIONS : maxIterations)
                            + " iterations", starts > 1 ? ", " + starts + " starting points" : "",
                    training.size(), modelOrder.size());
        } else {
            err.printf(Locale.ROOT, "%s: GP with fixed hyperparameters (%s kernel) on %d rows x %d features%n",
                    name, kernelName, training.size(), modelOrder.size());
        }
        err.flush();
        long start = System.nanoTime();
        GaussianProcessModel model;
        if (fit && training.size() >= PROGRESS_BAR_ROWS) {
            // Fits at these sizes take seconds to minutes (M³ flops per likelihood evaluation): show a bar.
            int perStart = adam ? (epochs == null ? DEFAULT_EPOCHS : epochs)
                    : (maxIterations == null ? DEFAULT_MAX_ITERATIONS : maxIterations);
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(name + " fit")
                    .setInitialMax((long) perStart * starts).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500)
                    .setMaxRenderedLength(100).build()) {
                model = trainer.train(training, (s, n, iteration, max, lml) -> {
                    bar.stepTo((long) s * max + iteration);
                    bar.setExtraMessage(String.format(Locale.ROOT, "LML %.2f", lml));
                });
                bar.stepTo(bar.getMax());
            }
        } else {
            model = trainer.train(training);
        }
        GaussianProcessHyperparameters h = model.hyperparameters();
        double[] values = h.lengthscales();
        StringBuilder ls = new StringBuilder();
        for (String feature : featureNames) {
            ls.append(ls.length() == 0 ? "" : ",").append(values[modelOrder.indexOf(feature)]);
        }
        err.printf(Locale.ROOT, "%s: %s in %.1f s%s; hyperparameters (%s units; lengthscales of %s): "
                        + "--lengthscale %s --outputscale %s --noise %s --mean %s%n", name,
                fit ? "fitted" : "conditioned", (System.nanoTime() - start) / 1e9, fit ? fitSummary(model) : "",
                raw ? "raw" : "standardised",
                String.join(", ", featureNames), ls, h.outputscale(), h.noiseVariance(), h.mean());
        err.flush();
        return model;
    }

    /** Parses kernel names as written on the command line ({@code matern52}) into {@link KernelType}. */
    static final class KernelTypeConverter implements CommandLine.ITypeConverter<KernelType> {

        /** The accepted names, for the help text. */
        static final class Names extends ArrayList<String> {
            private static final long serialVersionUID = 1L;

            Names() {
                for (KernelType k : KernelType.values()) {
                    add(name(k));
                }
            }
        }

        static String name(KernelType kernel) {
            return kernel.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public KernelType convert(String value) {
            for (KernelType k : KernelType.values()) {
                if (name(k).equals(value.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("unknown kernel '" + value + "'; allowed: "
                    + String.join(", ", new Names()));
        }
    }
}
