package org.batchgfn.gflownet.export;

import ai.onnx.proto.OnnxMl;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.policy.PolicyParameters;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.onnx.InvalidTrainingSetException;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.PolicyFormat;
import org.batchgfn.onnx.PolicyMetadata;
import org.batchgfn.onnx.SampledBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export of a training-set-conditioned policy: the graph takes the raw training set and gives the logits and batches
 * of the JVM network conditioned on the same set, for random training sets (empty included), in any pair order.
 */
class ConditionedPolicyOnnxExportTest {

    private static final int N = 50;
    private static final int D = 3;
    private static final int H = 16;
    private static final int B = 4;
    private static final double TEMPERATURE = 0.1;

    private static double[][] rawPool;
    private static PoolStandardizer standardizer;
    private static TrainingPairs pairs;
    private static PolicyNetwork network;
    private static ObjectProvenance provenance;
    private static OnnxMl.ModelProto model;
    private static OnnxPolicy policy;

    @BeforeAll
    static void exportRandomConditionedNetwork() throws Exception {
        SplittableRandom rng = new SplittableRandom(17);
        rawPool = OnnxParity.rawRows(rng, N, D);
        standardizer = PoolStandardizer.fit(rawPool);
        TrainingSet first = trainingSet(new SplittableRandom(5), 12);
        pairs = TrainingPairs.fit(standardizer, first.y);
        network = OnnxParity.randomNetwork(standardizer.apply(rawPool), H, B, true, rng);
        provenance = BatchGfnAcquisition.paperDefaults().getProvenance();
        model = PolicyOnnxExporter.export(network, pairs, TEMPERATURE, "jmi", provenance);
        policy = OnnxPolicy.fromBytes(model.toByteArray(), "conditioned test export");
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    /** Raw labelled points: features like the pool's, targets with an offset and a non-unit scale. */
    private record TrainingSet(double[][] x, double[] y) {
    }

    private static TrainingSet trainingSet(SplittableRandom rng, int m) {
        double[][] x = OnnxParity.rawRows(rng, m, D);
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            y[i] = 40 + 7 * Math.sin(x[i][0]) + 3 * rng.nextDouble();
        }
        return new TrainingSet(x, y);
    }

    /** The JVM network conditioned on the training set, as {@code BatchGfnAcquisition} conditions it. */
    private static PolicySnapshot jvmPolicy(TrainingSet train) {
        network.conditionOn(pairs.apply(train.x, train.y));
        return network.snapshot();
    }

    /** {@code t W₃} computed here from the parameters: the train-set encoder's mean embedding times head_wt. */
    private static double[] directHeadShift(TrainingSet train) {
        double[] t = new double[H];
        if (train.x.length > 0) {
            for (double[] row : OnnxParity.encoder(network, "train", pairs.apply(train.x, train.y))) {
                for (int j = 0; j < H; j++) {
                    t[j] += row[j] / train.x.length;
                }
            }
        }
        return OnnxParity.times(new double[][]{t}, network.parameters().get(PolicyParameters.HEAD_TRAIN_WEIGHT)
                .toDoubleMatrix())[0];
    }

    @Test
    void onnxLogitsEqualTheJvmConditionedNetworkOnRandomStatesAndTrainingSets() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        for (int m : new int[]{0, 1, 5, 12, 40}) {
            TrainingSet train = trainingSet(rng, m);
            PolicySnapshot jvm = jvmPolicy(train);
            double[] shift = directHeadShift(train);
            for (int t = 0; t < 8; t++) {
                int[] state = OnnxParity.randomState(rng, N, t % B);
                double[] onnx = policy.logits(rawPool, train.x, train.y, state);
                String what = "M = " + m + ", state " + Arrays.toString(state);
                // Both sides are float32 (the JVM engine too) and sum the H terms in different orders: 1e-4. The
                // check against the exact double pass below keeps 1e-5.
                worst = Math.max(worst, OnnxParity.assertClose(jvm.logits(state), onnx, 1e-4, "ONNX vs JVM, " + what));
                OnnxParity.assertClose(OnnxParity.directLogits(network, standardizer.apply(rawPool), shift, state),
                        onnx, 1e-5, "ONNX vs direct double forward pass, " + what);
            }
        }
        System.out.printf("largest relative difference ONNX vs JVM conditioned logits (M = 0..40): %.2e%n", worst);
    }

    /**
     * With random Fourier input features the graph computes {@code γ} of the standardised pool and training
     * features itself ({@code Sin}, {@code Cos} on baked-in frequencies): its logits equal the JVM network's and a
     * direct double pass over {@code γ(pool)} and {@code [γ(x), y]}, for several training sets. The bound is 1e-4
     * rather than 1e-5: the graph forms the angles {@code z·2πW} in float32, whose rounding (about 1e-7 of angles
     * up to ~10 rad) the sines carry into the first layer, while the JVM network maps in double.
     */
    @Test
    void fourierFeaturePolicyExportsWithTheSameLogits() throws Exception {
        FourierFeatures features = new FourierFeatures(6, 0.7);
        SplittableRandom rng = new SplittableRandom(23);
        PolicyNetwork fourier = OnnxParity.randomNetwork(standardizer.apply(rawPool),
                new PolicyArchitecture(H, 2, features), B, true, rng);
        assertEquals(12, fourier.encoderInputWidth());
        OnnxMl.ModelProto exported = PolicyOnnxExporter.export(fourier, pairs, TEMPERATURE, "jmi", provenance);
        double[][] mappedPool = features.apply(standardizer.apply(rawPool));
        double worst = 0;
        try (OnnxPolicy loaded = OnnxPolicy.fromBytes(exported.toByteArray(), "fourier test export")) {
            for (int m : new int[]{0, 3, 20}) {
                TrainingSet train = trainingSet(rng, m);
                double[][] standardizedPairs = pairs.apply(train.x, train.y);
                fourier.conditionOn(standardizedPairs);
                PolicySnapshot jvm = fourier.snapshot();
                double[][] mappedPairs = new double[m][];
                double[][] mappedX = features.apply(Arrays.stream(standardizedPairs)
                        .map(r -> Arrays.copyOf(r, D)).toArray(double[][]::new));
                for (int i = 0; i < m; i++) {
                    mappedPairs[i] = Arrays.copyOf(mappedX[i], 13);
                    mappedPairs[i][12] = standardizedPairs[i][D];
                }
                double[] t = new double[H];
                if (m > 0) {
                    for (double[] row : OnnxParity.encoder(fourier, "train", mappedPairs)) {
                        for (int j = 0; j < H; j++) {
                            t[j] += row[j] / m;
                        }
                    }
                }
                double[] shift = OnnxParity.times(new double[][]{t},
                        fourier.parameters().get("head_wt").toDoubleMatrix())[0];
                for (int s = 0; s < 6; s++) {
                    int[] state = OnnxParity.randomState(rng, N, s % B);
                    double[] onnx = loaded.logits(rawPool, train.x, train.y, state);
                    String what = "Fourier features, M = " + m + ", state " + Arrays.toString(state);
                    worst = Math.max(worst, OnnxParity.assertClose(jvm.logits(state), onnx, 1e-4, "ONNX vs JVM, "
                            + what));
                    OnnxParity.assertClose(OnnxParity.directLogits(fourier, mappedPool, shift, state), onnx, 1e-4,
                            "ONNX vs direct double forward pass, " + what);
                }
            }
        }
        System.out.printf("largest relative difference ONNX vs JVM logits with Fourier features: %.2e%n", worst);
    }

    /** The training set matters: a different one gives different logits (so the parity above is not vacuous). */
    @Test
    void theTrainingSetChangesTheLogits() {
        TrainingSet a = trainingSet(new SplittableRandom(1), 10);
        TrainingSet b = trainingSet(new SplittableRandom(2), 10);
        double[] la = policy.logits(rawPool, a.x, a.y, new int[0]);
        double[] lb = policy.logits(rawPool, b.x, b.y, new int[0]);
        double[] empty = policy.logits(rawPool, new double[0][], new double[0], new int[0]);
        double diff = 0;
        double diffEmpty = 0;
        for (int i = 0; i < N; i++) {
            diff = Math.max(diff, Math.abs(la[i] - lb[i]));
            diffEmpty = Math.max(diffEmpty, Math.abs(la[i] - empty[i]));
        }
        assertTrue(diff > 1e-3 && diffEmpty > 1e-3, "training set had no effect: " + diff + ", " + diffEmpty);
    }

    @Test
    void sameSeedGivesSameBatchesInRuntimeAndJvmSampler() {
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, B),
                new OnnxParity.ZeroReward(N), 0.0);
        for (int m : new int[]{0, 9}) {
            TrainingSet train = trainingSet(new SplittableRandom(40 + m), m);
            PolicySnapshot jvm = jvmPolicy(train);
            for (long seed = 0; seed < 30; seed++) {
                int[] expected = sampler.sampleActions(jvm, new SplittableRandom(seed));
                SampledBatch onnx = policy.sample(rawPool, train.x, train.y, B, seed);
                assertArrayEquals(expected, onnx.indices(), "M = " + m + ", seed " + seed);
            }
            SampledBatch best = policy.bestOf(rawPool, train.x, train.y, B, 5, 3L, idx -> -idx[0]);
            assertEquals(B, best.indices().length, "bestOf returns a batch of B");
        }
    }

    @Test
    void contextIsPermutationInvariantInTheTrainingPairs() {
        TrainingSet train = trainingSet(new SplittableRandom(8), 15);
        int[] order = OnnxParity.randomState(new SplittableRandom(9), 15, 15);
        double[][] px = new double[15][];
        double[] py = new double[15];
        for (int i = 0; i < 15; i++) {
            px[i] = train.x[order[i]];
            py[i] = train.y[order[i]];
        }
        SplittableRandom rng = new SplittableRandom(12);
        for (int t = 0; t < 5; t++) {
            int[] state = OnnxParity.randomState(rng, N, t % B);
            // float32 sums in another order: the parity tests' 1e-5 (the logits of this random network are ~1e-2)
            OnnxParity.assertClose(policy.logits(rawPool, train.x, train.y, state),
                    policy.logits(rawPool, px, py, state), 1e-5, "permuted pairs, state " + Arrays.toString(state));
        }
        for (long seed = 0; seed < 20; seed++) {
            SampledBatch a = policy.sample(rawPool, train.x, train.y, B, seed);
            SampledBatch b = policy.sample(rawPool, px, py, B, seed);
            assertArrayEquals(a.indices(), b.indices(), "seed " + seed);
            // Float sums in another order: equal up to rounding.
            assertEquals(a.logProbability(), b.logProbability(), 1e-6 * Math.abs(a.logProbability()), "seed " + seed);
        }
    }

    /** One loaded conditioned policy shared by threads, each with its own training set: the sequential batches. */
    @Test
    void threadsWithDifferentTrainingSetsShareOneLoadedPolicy() throws Exception {
        int threads = 4;
        TrainingSet[] sets = new TrainingSet[threads];
        SampledBatch[][] expected = new SampledBatch[threads][10];
        for (int k = 0; k < threads; k++) {
            sets[k] = trainingSet(new SplittableRandom(100 + k), 3 * k);
            for (int seed = 0; seed < 10; seed++) {
                expected[k][seed] = policy.sample(rawPool, sets[k].x, sets[k].y, B, seed);
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<SampledBatch[]>> futures = new java.util.ArrayList<>();
            for (int k = 0; k < threads; k++) {
                TrainingSet train = sets[k];
                futures.add(pool.submit(() -> {
                    SampledBatch[] out = new SampledBatch[10];
                    for (int seed = 0; seed < 10; seed++) {
                        out[seed] = policy.sample(rawPool, train.x, train.y, B, seed);
                    }
                    return out;
                }));
            }
            for (int k = 0; k < threads; k++) {
                assertArrayEquals(expected[k], futures.get(k).get(), "thread " + k);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void assertRejected(String expected, Executable call) {
        InvalidTrainingSetException e = assertThrows(InvalidTrainingSetException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void rejectsTrainingSetsThatDoNotFitAndCallsWithoutOne() {
        double[][] x = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        double[] y = {1, 2, 3};
        assertRejected("training feature row 1 has 2 features, but the policy was trained on 3",
                () -> policy.sample(rawPool, new double[][]{{1, 2, 3}, {4, 5}}, new double[]{1, 2}, B, 1));
        assertRejected("3 feature rows but 2 targets", () -> policy.sample(rawPool, x, new double[]{1, 2}, B, 1));
        assertRejected("training feature row 2, column 1 is NaN",
                () -> policy.logits(rawPool, new double[][]{x[0], x[1], {7, Double.NaN, 9}}, y, new int[0]));
        assertRejected("training target 2 is Infinity",
                () -> policy.encode(rawPool, x, new double[]{1, 2, Double.POSITIVE_INFINITY}));
        assertRejected("training features are null", () -> policy.encode(rawPool, null, y));
        assertRejected("conditioned on its training set", () -> policy.encode(rawPool));
        assertRejected("conditioned on its training set", () -> policy.sample(rawPool, B, 1));
        assertRejected("conditioned on its training set", () -> policy.bestOf(rawPool, B, 3, 1, idx -> 0));
        assertRejected("conditioned on its training set", () -> policy.logits(rawPool, new int[0]));
        // The pool is still checked as before.
        assertThrows(org.batchgfn.onnx.InvalidPoolException.class,
                () -> policy.sample(new double[][]{{1, 2}}, x, y, 1, 1));
    }

    @Test
    void metadataSaysConditionedAndCarriesTheTargetStandardization() {
        PolicyMetadata m = policy.metadata();
        assertTrue(m.isConditioned());
        assertEquals(pairs.targetMean(), m.targetMean());
        assertEquals(pairs.targetScale(), m.targetScale());
        assertArrayEquals(standardizer.mean(), m.featureMean());
        assertArrayEquals(standardizer.scale(), m.featureScale());
        assertEquals(D, m.inputDimension());
        assertEquals(B, m.batchSize());
        assertEquals(PolicyFormat.VERSION, model.getModelVersion());
        assertEquals("true", m.toProperties().get(PolicyMetadata.KEY_CONDITIONED));
        assertTrue(model.getGraph().getInputList().stream()
                .anyMatch(i -> i.getName().equals(PolicyFormat.TRAIN_FEATURES)));
    }

    @Test
    void writesAConditionedFileTheRuntimeLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conditioned.onnx");
        PolicyOnnxExporter.write(network, pairs, TEMPERATURE, "jmi", provenance, file);
        TrainingSet train = trainingSet(new SplittableRandom(3), 6);
        try (OnnxPolicy loaded = OnnxPolicy.load(file)) {
            assertEquals(policy.metadata().toProperties(), loaded.metadata().toProperties());
            assertEquals(policy.sample(rawPool, train.x, train.y, B, 5),
                    loaded.sample(rawPool, train.x, train.y, B, 5));
        }
    }
}
