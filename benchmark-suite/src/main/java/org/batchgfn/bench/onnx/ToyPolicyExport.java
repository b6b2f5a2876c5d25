package org.batchgfn.bench.onnx;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.bench.gflownet.ToyTask;
import org.batchgfn.gflownet.export.PolicyOnnxExporter;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.SampledBatch;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Trains the small BatchGFN policy shipped with onnx-models ({@code org/batchgfn/onnx/toy-policy.onnx}) and exports it:
 * the paper's 1-D toy task (pool of {@value #POOL} points x ~ N(0, 1), {@value #SEEDS} labelled seed points, JMI reward
 * of the Matérn-5/2 GP posterior), B = {@value #BATCH}, T = {@value #TEMPERATURE}, H = {@value #WIDTH}, two encoder
 * layers, {@value #STEPS} steps of 8 trajectories, all seeds fixed, so rerunning reproduces the file.
 * <p>
 * Usage (from the repository root): {@code java -cp ... org.batchgfn.bench.onnx.ToyPolicyExport [output.onnx]}.
 */
public final class ToyPolicyExport {

    /** Pool size N. */
    public static final int POOL = 200;
    /** Labelled seed points. */
    public static final int SEEDS = 10;
    /** Batch size B. */
    public static final int BATCH = 5;
    /** Reward temperature T. */
    public static final double TEMPERATURE = 0.1;
    /** Hidden width H (small, to keep the shipped file small). */
    public static final int WIDTH = 32;
    /** Training steps. */
    public static final int STEPS = 5000;

    /** Where the shipped model lives, relative to the repository root. */
    public static final Path DEFAULT_OUTPUT = Path.of("onnx-models/src/main/resources/org/batchgfn/onnx/toy-policy.onnx");

    private ToyPolicyExport() {
    }

    /**
     * @param args optional output path
     * @throws IOException if the model cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : DEFAULT_OUTPUT;
        ToyTask task = ToyTask.create(POOL, SEEDS, 2023);
        PolicyArchitecture architecture = new PolicyArchitecture(WIDTH, 2);
        TrainerSettings settings = new TrainerSettings(STEPS, 8, 1e-3, 0.1, 0.9, TEMPERATURE);
        PoolStandardizer standardizer = PoolStandardizer.fit(task.features);
        PolicyNetwork network = new PolicyNetwork(standardizer.apply(task.features), architecture,
                BATCH, DataType.FLOAT, new SplittableRandom(1));
        BatchGfnTrainer.Report report = new BatchGfnTrainer(settings).train(network, task.reward,
                new SplittableRandom(2));
        System.out.printf("trained %d steps in %.1f s, final SubTB loss %.4f%n", report.steps(), report.seconds(),
                report.finalLoss());
        // The provenance is that of the equivalent acquisition strategy: the same architecture and settings.
        PolicyOnnxExporter.write(network, standardizer, TEMPERATURE, task.reward.name(),
                new BatchGfnAcquisition(architecture, settings, 20).getProvenance(), out);
        System.out.printf("wrote %s (%d bytes)%n", out, Files.size(out));
        try (OnnxPolicy policy = OnnxPolicy.load(out)) {
            SampledBatch best = policy.bestOf(task.features, BATCH, 20, 7, task.reward::value);
            System.out.printf("best of 20 from the exported policy: %s, JMI %.4f (greedy BatchBALD %.4f)%n",
                    Arrays.toString(best.indices()), task.reward.value(best.indices()),
                    task.reward.value(task.greedyBatch(BATCH)));
        }
    }
}
