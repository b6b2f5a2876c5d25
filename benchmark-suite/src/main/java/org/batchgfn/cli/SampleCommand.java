package org.batchgfn.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.batchgfn.datasets.CsvFeatureTable;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.onnx.InvalidPolicyModelException;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.PolicyMetadata;
import org.batchgfn.onnx.SampledBatch;
import org.batchgfn.problem.AcquisitionProblem;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code batchgfn sample}: samples a batch from an exported BatchGFN policy ({@code acquire --policy-out}, or any
 * file in the onnx-models format) through the onnx-models runtime only, without training. The pool's feature
 * columns are given to the policy in the order Tribuo numbers them (by name), as {@code acquire} does. With
 * {@code --samples K > 1} the best of K batches by joint mutual information is returned, which needs the GP: give
 * {@code --train FILE --target COL} and the GP options used with {@code acquire}, if any. A policy conditioned on the
 * training set ({@code acquire --state}, carry-over lookahead) also needs {@code --train}. Output as {@code acquire}:
 * CSV {@code pool_row}, then {@code jmi=<nats>} when the GP is fitted, else {@code log_probability=<nats>} (the
 * sampled ordering's log-probability under the policy).
 */
@Command(name = "sample", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Sample the next batch of pool rows from an exported BatchGFN policy (ONNX; no training).",
                "--samples K > 1 returns the best of K samples by joint mutual information, which needs the GP: "
                        + "give --train FILE --target COL (and the GP options used with acquire, if any). A policy "
                        + "conditioned on the training set (acquire --state, carry-over lookahead) needs --train too.",
                "The same --seed and inputs give the same batch; acquire prints the sampling seed that reproduces "
                        + "its batch.",
                "Output CSV column pool_row as acquire; the last line of standard output is jmi=<nats> when --train "
                        + "is given, else log_probability=<nats> of the sampled batch under the policy.",
                "Exit codes: 0 success, 1 bad data (message names the file), 2 bad usage."})
public final class SampleCommand implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE.onnx",
            description = "The exported policy (acquire --policy-out).")
    private Path policyFile;

    @Option(names = "--pool", required = true, paramLabel = "FILE",
            description = "CSV file of the candidate rows (feature columns as the policy was trained with).")
    private Path pool;

    @Option(names = "--train", paramLabel = "FILE",
            description = "Labelled CSV file: needed for --samples > 1 (the GP scores the samples) and for a "
                    + "policy conditioned on the training set.")
    private Path train;

    @Option(names = "--target", paramLabel = "COL",
            description = "Target column of --train; a column of that name in --pool is ignored.")
    private String target;

    @Option(names = "--batch-size", required = true, paramLabel = "B",
            description = "Number of pool rows to choose, between 1 and the number of pool rows.")
    private int batchSize;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "1",
            description = "Batches to sample; with K > 1 the one of highest JMI is returned (needs --train; "
                    + "default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private GaussianProcessOptions gp;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the CSV here (atomically) instead of standard output.")
    private Path out;

    /** Picocli creates the command. */
    public SampleCommand() {
    }

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(cmd, "--batch-size must be at least 1, got " + batchSize);
        }
        if (samples < 1) {
            throw new CommandLine.ParameterException(cmd, "--samples must be at least 1, got " + samples);
        }
        if (train != null && target == null) {
            throw new CommandLine.ParameterException(cmd, "--train needs --target COL");
        }
        if (samples > 1 && train == null) {
            throw new CommandLine.ParameterException(cmd, "--samples " + samples + " picks the best of "
                    + samples + " samples by joint mutual information, which needs the GP: give --train FILE "
                    + "--target COL (and the GP options used with acquire, if any)");
        }
        gp.checkUsage(cmd);
        if (!Files.isRegularFile(policyFile)) {
            throw new IllegalArgumentException("--policy file " + policyFile + " does not exist or is not a file");
        }
        try (OnnxPolicy policy = load()) {
            PolicyMetadata meta = policy.metadata();
            if (meta.isConditioned() && train == null) {
                throw new CommandLine.ParameterException(cmd, "--policy " + policyFile + " is conditioned on the "
                        + "training set: give --train FILE --target COL");
            }
            TrainingFile training = train == null ? null : TrainingFile.read(train, target);
            MutableDataset<Regressor> dataset = training == null ? null : training.dataset();
            List<String> order = training != null ? ModelFeatures.order(dataset) : poolColumns();
            if (order.size() != meta.inputDimension()) {
                throw new IllegalArgumentException("--policy " + policyFile + " takes " + meta.inputDimension()
                        + " features but " + (training != null ? "--train " + train : "--pool " + pool) + " has "
                        + order.size() + " feature columns " + order);
            }
            double[][] poolX = training != null ? training.matchingFeatures(pool, "--pool", order)
                    : CsvFeatureTable.readExactly(pool, order, target).toArray();
            if (batchSize > poolX.length) {
                throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the pool: " + pool
                        + " has " + poolX.length + " data rows");
            }
            AcquisitionProblem problem = null;
            if (training != null) {
                GaussianProcessModel model = gp.train(cmd, gp.trainer(cmd, training.featureColumns(), order),
                        dataset, training.featureColumns(), order);
                problem = AcquisitionProblem.of(model, dataset, ModelFeatures.unlabelledExamples(poolX, order));
            }
            SampledBatch batch = sample(policy, meta.isConditioned(), poolX, problem);
            cmd.getErr().printf(Locale.ROOT, "%s: sampled %d of %d pool rows from %s (%s, seed %d)%n",
                    cmd.getCommandName(), batchSize, poolX.length, policyFile,
                    samples > 1 ? "best of " + samples + " by JMI" : "one sample", seed);
            cmd.getErr().flush();
            StringBuilder csv = new StringBuilder("pool_row\n");
            for (int row : batch.indices()) {
                csv.append(row).append('\n');
            }
            new CommandOutput(out).write(csv.toString(), cmd.getOut());
            cmd.getOut().println(problem != null ? "jmi=" + problem.reward().value(batch.indices())
                    : "log_probability=" + batch.logProbability());
            cmd.getOut().flush();
        }
        return 0;
    }

    private OnnxPolicy load() {
        try {
            return OnnxPolicy.load(policyFile);
        } catch (InvalidPolicyModelException e) {
            throw new IllegalArgumentException("--policy file " + policyFile + " is not a BatchGFN policy: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--policy file " + policyFile + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    private SampledBatch sample(OnnxPolicy policy, boolean conditioned, double[][] poolX,
                                AcquisitionProblem problem) {
        if (problem == null) {
            return policy.sample(poolX, batchSize, seed);
        }
        if (conditioned) {
            return samples > 1
                    ? policy.bestOf(poolX, problem.trainFeatures(), problem.trainTargets(), batchSize, samples, seed,
                            problem.reward()::value)
                    : policy.sample(poolX, problem.trainFeatures(), problem.trainTargets(), batchSize, seed);
        }
        return samples > 1 ? policy.bestOf(poolX, batchSize, samples, seed, problem.reward()::value)
                : policy.sample(poolX, batchSize, seed);
    }

    /** The pool file's feature columns (all but --target) in Tribuo's feature order, by name. */
    private List<String> poolColumns() {
        if (!Files.isRegularFile(pool)) {
            throw new IllegalArgumentException("--pool file " + pool + " does not exist or is not a file");
        }
        try (Reader r = Files.newBufferedReader(pool, StandardCharsets.UTF_8);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<String> names = new ArrayList<>(p.getHeaderNames());
            names.remove(target);
            names.sort(null);
            return names;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--pool file " + pool + ": cannot read its header row: "
                    + e.getMessage(), e);
        }
    }
}
