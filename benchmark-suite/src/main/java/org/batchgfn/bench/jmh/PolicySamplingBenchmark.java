package org.batchgfn.bench.jmh;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.export.PolicyOnnxExporter;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.onnx.EncodedPool;
import org.batchgfn.onnx.InvalidPolicyModelException;
import org.batchgfn.onnx.MaskedCategorical;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.reward.BatchReward;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One batch (B = 10) from a BatchGFN policy of width H = 256 over a pool of N points with d = 8 features, three ways,
 * in the same run:
 * <ul>
 *   <li>{@code onnxRuntime}: {@link OnnxPolicy#sample} on the exported policy: the pool encoder once, then B runs of
 *       the per-step head (what {@link BatchGfnAcquisition} does by default);</li>
 *   <li>{@code onnxUnsplitGraph}: the same ONNX graph but the encoder re-run at every step, i.e. the cost of a single
 *       pool → logits graph; it measures what splitting the graph saves;</li>
 *   <li>{@code dl4jSnapshot}: the Deeplearning4j side: {@link PolicyNetwork#snapshot()} (SameDiff encodes the pool)
 *       then {@link TrajectorySampler} on the double-precision snapshot.</li>
 * </ul>
 * Goals: ONNX ≥ 3× faster than DL4J at N = 2000; under 2 s per batch at N = 100 000 (run with
 * {@code -p poolSize=100000 PolicySamplingBenchmark.onnx}). The weights are random (timing does not depend on
 * training). Setup checks that the ONNX and DL4J paths sample the same batch from one seed.
 * <p>
 * Measured 2026-11-23 on 2 cores shared with other jobs (noisy; ms per batch, mean ± JMH error): N = 2000: ONNX
 * 11.2 ± 4.1, unsplit graph 105 ± 188, DL4J 96 ± 108 (≈ 8.6× for ONNX); N = 100 000: ONNX 581 ± 379.
 * Memory against N: {@link org.batchgfn.bench.onnx.SamplingMemoryProbe}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicySamplingBenchmark {

    /** Pool size N. */
    @Param("2000")
    public int poolSize;

    /** Hidden width H. */
    @Param("256")
    public int hiddenWidth;

    /** Batch size B. */
    @Param("10")
    public int batchSize;

    private static final int DIMENSION = 8;

    private double[][] pool;
    private PolicyNetwork network;
    private TrajectorySampler sampler;
    private OnnxPolicy policy;
    private long seed;

    /**
     * Builds a random network over the pool, exports it and checks that both paths agree.
     *
     * @throws InvalidPolicyModelException never for a fresh export
     */
    @Setup
    public void setUp() throws InvalidPolicyModelException {
        SplittableRandom rng = new SplittableRandom(1);
        pool = new double[poolSize][DIMENSION];
        for (double[] row : pool) {
            for (int j = 0; j < DIMENSION; j++) {
                row[j] = rng.nextDouble() * (j + 1);
            }
        }
        PoolStandardizer standardizer = PoolStandardizer.fit(pool);
        network = new PolicyNetwork(standardizer.apply(pool), new PolicyArchitecture(hiddenWidth, 2),
                new SubTrajectoryBalanceLoss(0.9, batchSize), DataType.FLOAT, new SplittableRandom(2));
        policy = OnnxPolicy.fromBytes(PolicyOnnxExporter.exportBytes(network, standardizer, 0.1, "none",
                BatchGfnAcquisition.paperDefaults().getProvenance()), "benchmark policy");
        sampler = new TrajectorySampler(new SetConstructionEnvironment(poolSize, batchSize), new NoReward(poolSize),
                0.0);
        int[] onnx = onnxRuntime();
        seed = 0;
        int[] dl4j = dl4jSnapshot();
        if (!Arrays.equals(onnx, dl4j)) {
            throw new IllegalStateException("ONNX " + Arrays.toString(onnx) + " and DL4J " + Arrays.toString(dl4j)
                    + " sampled different batches from one seed");
        }
    }

    /** Frees the ONNX session. */
    @TearDown
    public void tearDown() {
        policy.close();
    }

    /** @return one batch through the ONNX runtime */
    @Benchmark
    public int[] onnxRuntime() {
        return policy.sample(pool, batchSize, seed++).indices();
    }

    /** @return one batch with the encoder re-run at every step (the cost of an unsplit graph) */
    @Benchmark
    public int[] onnxUnsplitGraph() {
        SplittableRandom rng = new SplittableRandom(seed++);
        boolean[] chosen = new boolean[poolSize];
        int[] state = new int[0];
        for (int k = 0; k < batchSize; k++) {
            double[] logits;
            try (EncodedPool encoded = policy.encode(pool)) {
                logits = encoded.logits(state);
            }
            int x = MaskedCategorical.of(logits, chosen).sample(rng.nextDouble());
            chosen[x] = true;
            state = Arrays.copyOf(state, k + 1);
            state[k] = x;
        }
        return state;
    }

    /** @return one batch on the DL4J side: SameDiff snapshot, then the Java sampler */
    @Benchmark
    public int[] dl4jSnapshot() {
        return sampler.sampleActions(network.snapshot(), new SplittableRandom(seed++));
    }

    /** The sampler needs a reward only for training trajectories' prefix values; sampleActions never calls it. */
    private record NoReward(int poolSize) implements BatchReward {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public double value(int[] batch) {
            return 0;
        }
    }
}
