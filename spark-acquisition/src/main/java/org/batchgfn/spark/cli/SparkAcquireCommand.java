package org.batchgfn.spark.cli;

import org.apache.spark.sql.SparkSession;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.BaldAcquisition;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.kernel.Matern52Kernel;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.spark.DistributedBatch;
import org.batchgfn.spark.DistributedProblem;
import org.batchgfn.spark.DistributedStrategy;
import org.batchgfn.spark.SparkBaldAcquisition;
import org.batchgfn.spark.SparkBatchGfnSampling;
import org.batchgfn.spark.SparkGreedyBatchBald;
import org.batchgfn.spark.SparkPool;
import org.batchgfn.spark.SparkRandomAcquisition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code ./batchgfn spark-acquire}: one acquisition round on a generated pool held in Spark, printing the batch and
 * the time of every sequential step, optionally next to the single-machine strategy on the same pool
 * ({@code --compare-local}), which is also how the README's timing table was measured.
 * <p>
 * The GP has fixed hyperparameters (Matérn-5/2, lengthscale 0.5 per feature, outputscale 1, noise 0.01, mean 0) and
 * is conditioned on {@code --train} labelled points of {@code sin(2x₀) + …}; BatchGFN samples from the shipped
 * toy-task policy (one feature) unless {@code --policy} names another exported one. Exit codes: 0 success, 1 a
 * failure while running, 2 bad usage.
 */
@Command(name = "spark-acquire", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One acquisition round on a generated pool held in Apache Spark: prints the batch (ids in "
                + "selection order, features, marginal gains), its JMI and the seconds of each sequential Spark "
                + "step.", "Spark runs in-process (--master local[*] by default); on a cluster use the library "
                + "API (see the README)."})
public final class SparkAcquireCommand implements Callable<Integer> {

    private static final String TOY_POLICY = "/org/batchgfn/onnx/toy-policy.onnx";

    @Option(names = "--rows", description = "Pool size N (default: ${DEFAULT-VALUE}).")
    private long rows = 1_000_000;

    @Option(names = "--features", description = "Features d per row (default: ${DEFAULT-VALUE}; the toy policy "
            + "needs 1).")
    private int features = 1;

    @Option(names = "--train", description = "Labelled points M the GP is conditioned on (default: "
            + "${DEFAULT-VALUE}).")
    private int train = 20;

    @Option(names = "--batch-size", description = "B (default: ${DEFAULT-VALUE}).")
    private int batchSize = 10;

    @Option(names = "--strategy", split = ",", description = "random, bald, batchbald, batchgfn; comma-separated "
            + "for several (default: ${DEFAULT-VALUE}).")
    private List<String> strategies = List.of("batchbald");

    @Option(names = "--samples", description = "BatchGFN: batches sampled, the best by JMI is kept (default: "
            + "${DEFAULT-VALUE}).")
    private int samples = 20;

    @Option(names = "--policy", description = "BatchGFN: an exported policy (.onnx); default the shipped toy policy.")
    private Path policy;

    @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
    private String master = "local[*]";

    @Option(names = "--partitions", description = "Partitions of the pool (default: 4 per core).")
    private Integer partitions;

    @Option(names = "--seed", description = "Seed of the pool, the training set and the random draws (default: "
            + "${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = "--compare-local", description = "Also run the single-machine strategy on the same pool "
            + "(N ≤ 2³¹−1 rows in this JVM) and check that the batches agree.")
    private boolean compareLocal;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command and exits with its exit code.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "org/batchgfn/spark/log4j2-quiet.properties");
        }
        System.exit(new CommandLine(new SparkAcquireCommand()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        byte[] model = strategies.contains("batchgfn") ? policyBytes() : null;
        int cores = Runtime.getRuntime().availableProcessors();
        int parts = partitions != null ? partitions : 4 * cores;
        double[][] trainX = GeneratedPool.local(train, features, seed + 1);
        double[] trainY = new double[train];
        for (int i = 0; i < train; i++) {
            for (double v : trainX[i]) {
                trainY[i] += Math.sin(2 * v);
            }
        }
        double[] lengthscales = new double[features];
        Arrays.fill(lengthscales, 0.5);
        ExactGaussianProcessPosterior posterior = ExactGaussianProcessPosterior.of(
                new Matern52Kernel(lengthscales, 1.0), 0.01, 0.0, trainX, trainY);
        DistributedProblem problem = new DistributedProblem(posterior, trainX, trainY);
        SparkSession spark = SparkSession.builder().appName("batchgfn spark-acquire").master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            long start = System.nanoTime();
            try (SparkPool pool = SparkPool.of(GeneratedPool.dataset(spark, rows, features, parts, seed), "id")) {
                err.printf(Locale.ROOT, "spark-acquire: pool of %d rows x %d features in %d partitions (%s), "
                                + "validated and cached in %.1f s; GP on %d labelled points%n", pool.size(),
                        features, pool.numPartitions(), master, seconds(start), train);
                long localStart = System.nanoTime();
                AcquisitionProblem local = compareLocal ? localProblem(posterior, trainX, trainY) : null;
                double localSetup = seconds(localStart);
                for (String name : strategies) {
                    DistributedBatch batch = distributed(name, model).select(pool, problem, batchSize);
                    print(out, name, batch);
                    if (local != null) {
                        compare(out, name, local, localSetup, model, batch);
                    }
                }
            }
        } finally {
            spark.stop();
        }
        out.flush();
        return 0;
    }

    private void checkOptions() {
        for (String s : strategies) {
            if (!List.of("random", "bald", "batchbald", "batchgfn").contains(s)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown strategy '" + s
                        + "'; choose from random, bald, batchbald, batchgfn");
            }
        }
        if (rows < 1 || features < 1 || train < 1 || batchSize < 1 || samples < 1
                || (partitions != null && partitions < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rows, --features, --train, "
                    + "--batch-size, --samples and --partitions must be positive");
        }
        if (compareLocal && rows > Integer.MAX_VALUE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--compare-local needs --rows <= "
                    + Integer.MAX_VALUE);
        }
    }

    private byte[] policyBytes() throws IOException {
        if (policy != null) {
            return Files.readAllBytes(policy);
        }
        try (InputStream in = OnnxPolicy.class.getResourceAsStream(TOY_POLICY)) {
            return in.readAllBytes();
        }
    }

    private DistributedStrategy distributed(String name, byte[] model) {
        return switch (name) {
            case "random" -> new SparkRandomAcquisition(seed);
            case "bald" -> new SparkBaldAcquisition();
            case "batchbald" -> new SparkGreedyBatchBald();
            default -> new SparkBatchGfnSampling(model, policy == null ? TOY_POLICY : policy.toString(), samples,
                    seed);
        };
    }

    private void print(PrintWriter out, String name, DistributedBatch batch) {
        double[] steps = batch.stepSeconds();
        double total = Arrays.stream(steps).sum();
        out.printf(Locale.ROOT, "%s: batch of %d in %.2f s over %d sequential Spark step(s): %.3f s per step "
                        + "(min %.3f, max %.3f)%n", name, batch.ids().length, total, steps.length,
                total / steps.length, Arrays.stream(steps).min().orElse(0), Arrays.stream(steps).max().orElse(0));
        out.println("rank,id," + String.join(",", featureNames()) + ",gain_nats");
        long[] ids = batch.ids();
        double[][] x = batch.features();
        double[] gains = batch.gains();
        for (int k = 0; k < ids.length; k++) {
            StringBuilder row = new StringBuilder().append(k + 1).append(',').append(ids[k]);
            for (double v : x[k]) {
                row.append(',').append(v);
            }
            out.println(row.append(',').append(gains[k]));
        }
        out.printf(Locale.ROOT, "%s: JMI %.6f nats%n", name, batch.jmi());
    }

    private List<String> featureNames() {
        String[] names = new String[features];
        for (int j = 0; j < features; j++) {
            names[j] = "x" + j;
        }
        return List.of(names);
    }

    /** The same pool and GP on one machine; its posterior covariance (O(N·M²)) is set up here, once. */
    private AcquisitionProblem localProblem(ExactGaussianProcessPosterior posterior, double[][] trainX,
                                            double[] trainY) {
        return AcquisitionProblem.of(GeneratedPool.local((int) rows, features, seed), trainX, trainY, posterior);
    }

    private void compare(PrintWriter out, String name, AcquisitionProblem local, double setupSeconds, byte[] model,
                         DistributedBatch got) throws IOException {
        long start = System.nanoTime();
        int[] batch = switch (name) {
            case "random" -> new RandomAcquisition().select(local, batchSize, new SplittableRandom(seed));
            case "bald" -> new BaldAcquisition().select(local, batchSize, new SplittableRandom(seed));
            case "batchbald" -> new GreedyBatchBald().select(local, batchSize, new SplittableRandom(seed));
            default -> {
                try (OnnxPolicy p = OnnxPolicy.fromBytes(model, "policy")) {
                    yield p.bestOf(local.poolFeatures(), batchSize, samples, seed, local.reward()::value).indices();
                }
            }
        };
        double secs = seconds(start);
        long[] ids = Arrays.stream(batch).asLongStream().toArray();
        out.printf(Locale.ROOT, "%s single-machine: %.2f s + %.2f s posterior set-up (%.3f s per step), JMI %.6f; "
                        + "same batch as Spark: %s%n", name, secs, setupSeconds, secs / got.stepSeconds().length,
                local.reward().value(batch),
                Arrays.equals(ids, got.ids()) ? "yes" : "NO " + Arrays.toString(ids));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) * 1e-9;
    }
}
