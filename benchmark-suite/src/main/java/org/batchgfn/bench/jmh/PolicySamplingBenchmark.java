package org.batchgfn.bench.jmh;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.export.PolicyOnnxExporter;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.PolicyParameters;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.onnx.EncodedPool;
import org.batchgfn.onnx.InvalidPolicyModelException;
import org.batchgfn.onnx.MaskedCategorical;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.reward.BatchReward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One batch (B = 10) from a BatchGFN policy of width H = 256 over a pool of N points with d = 8 features, four ways,
 * in the same run; every way encodes the pool (once per batch) and then runs B head steps:
 * <ul>
 *   <li>{@code onnxRuntime}: {@link OnnxPolicy#sample} on the exported policy: the pool encoder once, then B runs of
 *       the per-step head (what {@link BatchGfnAcquisition} does by default);</li>
 *   <li>{@code onnxUnsplitGraph}: the same ONNX graph but the encoder re-run at every step, i.e. the cost of a single
 *       pool → logits graph; it measures what splitting the graph saves;</li>
 *   <li>{@code nd4jInference}: the same split computation in Deeplearning4j's ND4J ({@code mmul}, {@code relu},
 *       row-vector broadcasts) on the network's own parameter arrays: DL4J inference;</li>
 *   <li>{@code javaSnapshotFresh}: the training side's plain-Java path: a new {@link PolicyNetwork} with the same
 *       seed (its initialisation is ~H² work, small next to the encoding), {@link PolicyNetwork#snapshot()} (encodes
 *       the pool) and the {@link TrajectorySampler}. ({@code PolicyNetwork} caches its encoding while its parameters
 *       are unchanged, so re-using one network would time the head only.)</li>
 * </ul>
 * Goals: ONNX ≥ 3× faster than DL4J at N = 2000; under 2 s per batch at N = 100 000 (run with
 * {@code -p poolSize=100000 PolicySamplingBenchmark.onnx}). The weights are random (timing does not depend on
 * training). Setup checks that the ONNX, ND4J and Java paths sample the same batch from one seed.
 * <p>
 * Measured 2026-11-23 on 2 cores shared with other jobs (load average 8–10, so noisy; ms per batch, mean ± JMH
 * error, 5 iterations): N = 2000: ONNX 34 ± 21, unsplit ONNX graph 204 ± 64, ND4J 725 ± 234, Java fresh snapshot
 * 105 ± 82; N = 100 000: ONNX 1869 ± 645 (581 ± 379 at load average ~5).
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
    private double[][] standardizedPool;
    private INDArray standardizedPoolArray;
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
        standardizedPool = standardizer.apply(pool);
        standardizedPoolArray = Nd4j.createFromArray(standardizedPool).castTo(DataType.FLOAT);
        network = freshNetwork();
        policy = OnnxPolicy.fromBytes(PolicyOnnxExporter.exportBytes(network, standardizer, 0.1, "none",
                BatchGfnAcquisition.paperDefaults().getProvenance()), "benchmark policy");
        sampler = new TrajectorySampler(new SetConstructionEnvironment(poolSize, batchSize), new NoReward(poolSize),
                0.0);
        int[] onnx = onnxRuntime();
        seed = 0;
        int[] nd4j = nd4jInference();
        seed = 0;
        int[] java = javaSnapshotFresh();
        seed = 0;
        if (!Arrays.equals(onnx, nd4j) || !Arrays.equals(onnx, java)) {
            throw new IllegalStateException("ONNX " + Arrays.toString(onnx) + ", ND4J " + Arrays.toString(nd4j)
                    + " and Java " + Arrays.toString(java) + " sampled different batches from one seed");
        }
    }

    private PolicyNetwork freshNetwork() {
        return new PolicyNetwork(standardizedPool, new PolicyArchitecture(hiddenWidth, 2),
                batchSize, DataType.FLOAT, new SplittableRandom(2));
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
        long trajectorySeed = new SplittableRandom(seed++).nextLong();
        boolean[] chosen = new boolean[poolSize];
        int[] state = new int[0];
        for (int k = 0; k < batchSize; k++) {
            double[] logits;
            try (EncodedPool encoded = policy.encode(pool)) {
                logits = encoded.logits(state);
            }
            int x = MaskedCategorical.of(logits, chosen).draw(trajectorySeed, k);
            chosen[x] = true;
            state = Arrays.copyOf(state, k + 1);
            state[k] = x;
        }
        return state;
    }

    /** @return one batch with ND4J: encode the pool, then B steps of the split head */
    @Benchmark
    public int[] nd4jInference() {
        Map<String, INDArray> p = network.parameters();
        INDArray e = standardizedPoolArray;
        for (int l = 0; l < 2; l++) {
            e = Transforms.relu(e.mmul(p.get(PolicyParameters.encoderWeight(l))).addiRowVector(p.get(PolicyParameters.encoderBias(l))), false);
        }
        INDArray projection = e.mmul(p.get(PolicyParameters.HEAD_POINT_WEIGHT)).addiRowVector(p.get(PolicyParameters.HEAD_BIAS));
        INDArray stateWeights = p.get(PolicyParameters.HEAD_STATE_WEIGHT);
        INDArray out = p.get(PolicyParameters.HEAD_OUT);
        long trajectorySeed = new SplittableRandom(seed++).nextLong();
        boolean[] chosen = new boolean[poolSize];
        INDArray context = Nd4j.zeros(DataType.FLOAT, 1, hiddenWidth);
        int[] batch = new int[batchSize];
        for (int k = 0; k < batchSize; k++) {
            INDArray hidden = Transforms.relu(projection.addRowVector(context.mmul(stateWeights)), false);
            double[] logits = hidden.mmul(out).castTo(DataType.DOUBLE).data().asDouble();
            int x = MaskedCategorical.of(logits, chosen).draw(trajectorySeed, k);
            chosen[x] = true;
            batch[k] = x;
            context.addi(e.getRow(x).reshape(1, hiddenWidth));
        }
        return batch;
    }

    /** @return one batch on the training side: new network (same seed), snapshot (encodes the pool), Java sampler */
    @Benchmark
    public int[] javaSnapshotFresh() {
        return sampler.sampleActions(freshNetwork().snapshot(), new SplittableRandom(seed++));
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
