package org.batchgfn.cli;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.Bait;
import org.batchgfn.acquisition.BaldAcquisition;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.KMeansPlusPlus;
import org.batchgfn.acquisition.Lcmd;
import org.batchgfn.acquisition.MaxDist;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.acquisition.StochasticBaldAcquisition;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code batchgfn acquire}: fits an exact GP on a labelled CSV file and picks the next batch of rows of an
 * unlabelled pool file to label. Writes CSV with the single column {@code pool_row}: the 0-based index of each
 * chosen row among the pool file's data rows (header and blank lines not counted), in selection order. Then
 * prints {@code jmi=<nats>}, the joint mutual information {@code ½ log det(I + σ⁻² Σ_B)} of the chosen batch, as
 * the last line of standard output (after the CSV when it goes there too; alone when the CSV goes to
 * {@code --out}). With {@code --strategy batchgfn} a GFlowNet policy is trained first ({@link GflowNetOptions}), with a
 * progress line on standard error; {@code --policy-out} exports it and {@code --state} carries it to the next
 * invocation ({@link Campaign}).
 */
@Command(name = "acquire", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Pick the next batch of pool rows to label, with an exact Gaussian process fitted on a "
                + "labelled CSV file.",
                "Every column of --train but the target is a numeric feature; --pool must have the same feature "
                        + "columns (any order) and may have the target column, which is ignored.",
                "Output CSV column pool_row: 0-based index of each chosen row among the --pool file's data rows "
                        + "(blank lines not counted), in selection order; to standard output unless --out is "
                        + "given. The last line of standard output is always jmi=<nats>, the joint mutual "
                        + "information 1/2 log det(I + Sigma_B / noise) of the chosen batch.",
                "Exit codes: 0 success, 1 bad data (message names file, line and column), 2 bad usage."})
public final class AcquireCommand implements Callable<Integer> {

    /** The strategies offered, by their command-line names. */
    enum Strategy {
        RANDOM(RandomAcquisition.NAME),
        BALD(BaldAcquisition.NAME),
        STOCHASTIC_BALD(StochasticBaldAcquisition.NAME),
        BATCHBALD(GreedyBatchBald.NAME),
        MAXDIST(MaxDist.NAME),
        KMEANSPP(KMeansPlusPlus.NAME),
        LCMD(Lcmd.NAME),
        BAIT(Bait.NAME),
        BAIT_F(Bait.FORWARD_NAME),
        BATCHGFN(BatchGfnAcquisition.NAME);

        private final String cliName;

        Strategy(String cliName) {
            this.cliName = cliName;
        }

        /** The accepted names, for the help text. */
        static final class Names extends ArrayList<String> {
            private static final long serialVersionUID = 1L;

            Names() {
                for (Strategy s : values()) {
                    add(s.cliName);
                }
            }
        }

        /** Parses a command-line name. */
        static final class Converter implements CommandLine.ITypeConverter<Strategy> {
            @Override
            public Strategy convert(String value) {
                for (Strategy s : values()) {
                    if (s.cliName.equals(value.toLowerCase(Locale.ROOT))) {
                        return s;
                    }
                }
                throw new CommandLine.TypeConversionException("unknown strategy '" + value + "'; allowed: "
                        + String.join(", ", new Names()));
            }
        }
    }

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE",
            description = "Labelled CSV file with a header row.")
    private Path train;

    @Option(names = "--pool", required = true, paramLabel = "FILE",
            description = "CSV file of the unlabelled candidate rows, same feature columns as --train.")
    private Path pool;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "Name of the target column.")
    private String target;

    @Option(names = "--strategy", required = true, paramLabel = "STRATEGY", converter = Strategy.Converter.class,
            completionCandidates = Strategy.Names.class,
            description = "How to choose: ${COMPLETION-CANDIDATES}. random: uniform; bald: the B rows of highest "
                    + "single-point information; stochastic-bald: B rows sampled in proportion to a weight of "
                    + "that score; batchbald: greedy maximisation of the batch's joint mutual information; "
                    + "maxdist: greedy k-centre; kmeanspp: D^2 sampling; lcmd: largest cluster maximum distance "
                    + "(these three with the GP's prior kernel, training rows as first centres); bait: greedy "
                    + "forward-backward reduction of the total posterior variance of pool and training rows; "
                    + "bait-f: its forward pass only; batchgfn: a GFlowNet policy trained to sample batches in "
                    + "proportion to exp(JMI/T), best of K samples (options below).")
    private Strategy strategy;

    @Option(names = "--batch-size", required = true, paramLabel = "B",
            description = "Number of pool rows to choose, between 1 and the number of pool rows.")
    private int batchSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the random choices of random, stochastic-bald, kmeanspp and batchgfn, and of the "
                    + "random fill of a rule that runs out of positive scores (default: ${DEFAULT-VALUE}); "
                    + "the same seed and inputs give the same batch (batchgfn: unless --max-seconds stops training, "
                    + "which depends on the machine's speed).")
    private long seed;

    @Option(names = "--variant", paramLabel = "VARIANT",
            description = "stochastic-bald only: weight of the score s, SOFTMAX exp(beta s), POWER s^beta or "
                    + "SOFTRANK rank^-beta (default: SOFTMAX; case-insensitive).",
            converter = VariantConverter.class)
    private StochasticBaldAcquisition.Variant variant;

    @Option(names = "--coldness", paramLabel = "BETA",
            description = "stochastic-bald only: coldness beta >= 0; 0 is uniform, large values approach bald "
                    + "(default: 1).")
    private Double coldness;

    @Mixin
    private GaussianProcessOptions gp;

    @Mixin
    private GflowNetOptions gfn;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the CSV here (atomically: a temporary file, then a rename) instead of standard "
                    + "output; jmi=<nats> still goes to standard output.")
    private Path out;

    /** Picocli creates the command. */
    public AcquireCommand() {
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        AcquisitionStrategy chosen = strategy(cmd);
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(cmd, "--batch-size must be at least 1, got " + batchSize);
        }
        gp.checkUsage(cmd);
        if (gfn.policyOut() != null) {
            AtomicFile.checkDirectory(gfn.policyOut(), "--policy-out");
        }
        TrainingFile training = TrainingFile.read(train, target);
        MutableDataset<Regressor> dataset = training.dataset();
        List<String> modelOrder = ModelFeatures.order(dataset);
        GaussianProcessTrainer trainer = gp.trainer(cmd, training.featureColumns(), modelOrder);
        double[][] poolX = training.matchingFeatures(pool, "--pool", modelOrder);
        if (batchSize > poolX.length) {
            throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the pool: " + pool
                    + " has " + poolX.length + " data rows");
        }
        Campaign campaign = chosen instanceof BatchGfnAcquisition bgfn && gfn.state() != null
                ? Campaign.open(gfn.state(), bgfn, modelOrder, training.targetColumn(), cmd.getErr(),
                        cmd.getCommandName())
                : null;
        GaussianProcessModel model = gp.train(cmd, trainer, dataset, training.featureColumns(), modelOrder);
        AcquisitionProblem problem = AcquisitionProblem.of(model, dataset,
                ModelFeatures.unlabelledExamples(poolX, modelOrder));
        TrainingProgressLine progress = null;
        if (chosen instanceof BatchGfnAcquisition bgfn) {
            progress = new TrainingProgressLine(cmd.getErr(), cmd.getCommandName(), System::nanoTime);
            bgfn.setProgressListener(progress);
        }
        int[] batch = chosen.select(problem, batchSize, new SplittableRandom(seed));
        if (progress != null) {
            progress.finish();
        }
        double jmi = problem.reward().value(batch);
        boolean seeded = strategy == Strategy.RANDOM || strategy == Strategy.STOCHASTIC_BALD
                || strategy == Strategy.KMEANSPP || strategy == Strategy.BATCHGFN;
        if (chosen instanceof BatchGfnAcquisition bgfn) {
            reportTraining(cmd, bgfn);
            if (gfn.policyOut() != null) {
                AtomicFile.write(gfn.policyOut(), "--policy-out", bgfn.lastPolicyOnnx().orElseThrow());
                cmd.getErr().printf(Locale.ROOT, "%s: wrote the policy to %s%n", cmd.getCommandName(),
                        gfn.policyOut());
            }
            if (campaign != null) {
                campaign.save(bgfn, problem, batch, jmi);
            }
        }
        cmd.getErr().printf(Locale.ROOT, "%s: chose %d of %d pool rows with %s%s%n", cmd.getCommandName(),
                batch.length, poolX.length, strategy == Strategy.STOCHASTIC_BALD ? chosen : chosen.name(),
                seeded ? " (seed " + seed + ")" : "");
        cmd.getErr().flush();

        StringBuilder csv = new StringBuilder("pool_row\n");
        for (int row : batch) {
            csv.append(row).append('\n');
        }
        new CommandOutput(out).write(csv.toString(), cmd.getOut());
        cmd.getOut().println("jmi=" + jmi);
        cmd.getOut().flush();
        return 0;
    }

    private static void reportTraining(CommandLine cmd, BatchGfnAcquisition bgfn) {
        BatchGfnAcquisition.Training t = bgfn.lastTraining().orElseThrow();
        cmd.getErr().printf(Locale.ROOT, "%s: trained the policy %d steps from %s in %.1f s (stopped: %s)%s; best "
                        + "of %d samples (sampling seed %d: ./batchgfn sample --seed %d --samples %d reproduces the "
                        + "batch)%n",
                cmd.getCommandName(), t.steps(), t.fromCarriedPolicy() ? "the carried policy" : "fresh weights",
                t.seconds(), t.stopReason().label(), t.lookaheadSteps() > 0
                        ? String.format(Locale.ROOT, ", then %d lookahead steps in "
                        + "%.1f s", t.lookaheadSteps(), t.lookaheadSeconds()) : "", bgfn.samples(), t.samplingSeed(),
                t.samplingSeed(), bgfn.samples());
        cmd.getErr().flush();
    }

    private AcquisitionStrategy strategy(CommandLine cmd) {
        if (strategy != Strategy.STOCHASTIC_BALD && (variant != null || coldness != null)) {
            throw new CommandLine.ParameterException(cmd, "--variant and --coldness apply to --strategy "
                    + StochasticBaldAcquisition.NAME + " only");
        }
        if (strategy != Strategy.BATCHGFN && !gfn.given().isEmpty()) {
            throw new CommandLine.ParameterException(cmd, String.join(", ", gfn.given()) + " apply to --strategy "
                    + BatchGfnAcquisition.NAME + " only");
        }
        switch (strategy) {
            case RANDOM:
                return new RandomAcquisition();
            case BALD:
                return new BaldAcquisition();
            case STOCHASTIC_BALD:
                double beta = coldness == null ? 1.0 : coldness;
                if (!(beta >= 0) || !Double.isFinite(beta)) {
                    throw new CommandLine.ParameterException(cmd, "--coldness must be finite and >= 0, got "
                            + beta);
                }
                return new StochasticBaldAcquisition(
                        variant == null ? StochasticBaldAcquisition.Variant.SOFTMAX : variant, beta);
            case BATCHBALD:
                return new GreedyBatchBald();
            case MAXDIST:
                return new MaxDist();
            case KMEANSPP:
                return new KMeansPlusPlus();
            case LCMD:
                return new Lcmd();
            case BAIT:
                return new Bait(false);
            case BAIT_F:
                return new Bait(true);
            case BATCHGFN:
                return gfn.strategy(cmd);
            default:
                throw new IllegalStateException("unhandled strategy " + strategy);
        }
    }

    /** Parses stochastic-BALD variant names case-insensitively. */
    static final class VariantConverter implements CommandLine.ITypeConverter<StochasticBaldAcquisition.Variant> {
        @Override
        public StochasticBaldAcquisition.Variant convert(String value) {
            for (StochasticBaldAcquisition.Variant v : StochasticBaldAcquisition.Variant.values()) {
                if (v.name().equalsIgnoreCase(value)) {
                    return v;
                }
            }
            throw new CommandLine.TypeConversionException("unknown variant '" + value
                    + "'; allowed: softmax, power, softrank");
        }
    }
}
