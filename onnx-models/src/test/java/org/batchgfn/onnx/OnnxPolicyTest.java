package org.batchgfn.onnx;

import ai.onnx.proto.OnnxMl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxPolicyTest {

    private static OnnxPolicy policy;
    private static OnnxMl.ModelProto proto;
    private static final double[][] POOL = ToyPolicyFixture.pool(40, 1);

    @BeforeAll
    static void load() throws Exception {
        policy = ToyPolicyFixture.load();
        proto = OnnxMl.ModelProto.parseFrom(ToyPolicyFixture.bytes());
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    @Test
    void shippedToyPolicyDescribesItself() {
        PolicyMetadata m = policy.metadata();
        assertEquals(1, m.inputDimension());
        assertEquals(32, m.hiddenWidth());
        assertEquals(2, m.encoderLayers());
        assertEquals(5, m.batchSize());
        assertEquals(0.1, m.temperature());
        assertEquals("jmi", m.rewardName());
        assertTrue(m.provenanceJson().contains("BatchGfnAcquisition"), m.provenanceJson());
        assertEquals(PolicyFormat.OPSET, proto.getOpsetImport(0).getVersion());
        assertTrue(ToyPolicyFixture.bytes().length < 1_000_000);
    }

    @Test
    void samplesDistinctIndicesReproducibly() {
        Set<List<Integer>> seen = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            SampledBatch b = policy.sample(POOL, 5, seed);
            assertEquals(5, Arrays.stream(b.indices()).distinct().filter(i -> i >= 0 && i < POOL.length).count());
            assertTrue(b.logProbability() < 0 && Double.isFinite(b.logProbability()));
            assertEquals(b, policy.sample(POOL, 5, seed), "same seed, same batch");
            seen.add(Arrays.stream(b.indices()).boxed().toList());
        }
        assertTrue(seen.size() > 1, "different seeds should not all give one batch");
    }

    /** The log-probability is the sum of the per-step log-softmax of the head's logits along the trajectory. */
    @Test
    void logProbabilityIsTheSumOfStepLogSoftmax() {
        SampledBatch b = policy.sample(POOL, 5, 3);
        try (EncodedPool encoded = policy.encode(POOL)) {
            double expected = 0;
            int[] idx = b.indices();
            for (int k = 0; k < idx.length; k++) {
                double[] l = encoded.logits(Arrays.copyOf(idx, k));
                double z = 0;
                for (double v : l) {
                    z += Math.exp(v); // −∞ at chosen points contributes 0
                }
                expected += l[idx[k]] - Math.log(z);
            }
            assertEquals(expected, b.logProbability(), 1e-9);
        }
    }

    /** The graph's logits against a double-precision forward pass written from the model's own initializers. */
    @Test
    void logitsMatchAForwardPassFromTheStoredWeights() {
        PolicyMetadata m = policy.metadata();
        int h = m.hiddenWidth();
        double[] mean = initializer("feature_mean");
        double[] scale = initializer("feature_scale");
        double[][] e = new double[POOL.length][];
        for (int i = 0; i < POOL.length; i++) {
            double[] x = new double[m.inputDimension()];
            for (int j = 0; j < x.length; j++) {
                x[j] = (POOL[i][j] - mean[j]) / scale[j];
            }
            for (int l = 0; l < m.encoderLayers(); l++) {
                x = relu(affine(x, initializer("enc_w" + l), initializer("enc_b" + l), h));
            }
            e[i] = x;
        }
        int[] state = {3, 17};
        double[] c = new double[h];
        for (int s : state) {
            for (int j = 0; j < h; j++) {
                c[j] += e[s][j];
            }
        }
        double[] g = affine(c, initializer("head_wc"), new double[h], h);
        double[] v = initializer("head_out");
        double[] actual = policy.logits(POOL, state);
        for (int i = 0; i < POOL.length; i++) {
            double[] p = affine(e[i], initializer("head_wx"), initializer("head_b"), h);
            double expected = 0;
            for (int j = 0; j < h; j++) {
                expected += v[j] * Math.max(0, p[j] + g[j]);
            }
            if (i == 3 || i == 17) {
                assertEquals(Double.NEGATIVE_INFINITY, actual[i]);
            } else {
                assertEquals(expected, actual[i], 1e-5 * Math.max(1, Math.abs(expected)), "logit " + i);
            }
        }
    }

    private static double[] affine(double[] x, double[] w, double[] b, int out) {
        double[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < out; j++) {
                y[j] += x[i] * w[i * out + j];
            }
        }
        return y;
    }

    private static double[] relu(double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0, x[i]);
        }
        return x;
    }

    private static double[] initializer(String name) {
        for (OnnxMl.TensorProto t : proto.getGraph().getInitializerList()) {
            if (t.getName().equals(name) || t.getName().equals(name + "_0")) {
                if (t.getFloatDataCount() > 0) {
                    double[] out = new double[t.getFloatDataCount()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = t.getFloatData(i);
                    }
                    return out;
                }
                var fb = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                double[] out = new double[fb.remaining()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = fb.get(i);
                }
                return out;
            }
        }
        throw new AssertionError("no initializer " + name);
    }

    @Test
    void bestOfReturnsTheFirstTopScoringOfTheSampledBatches() {
        List<int[]> scored = new ArrayList<>();
        // Score: sum of the indices (arbitrary but deterministic), recorded to check the choice independently.
        SampledBatch best = policy.bestOf(POOL, 5, 12, 9, batch -> {
            scored.add(batch);
            return Arrays.stream(batch).sum();
        });
        assertEquals(12, scored.size());
        int bestScore = scored.stream().mapToInt(b -> Arrays.stream(b).sum()).max().orElseThrow();
        int[] firstBest = scored.stream().filter(b -> Arrays.stream(b).sum() == bestScore).findFirst().orElseThrow();
        assertArrayEquals(firstBest, best.indices());
        // K = 1 is a plain sample with the same seed
        assertEquals(policy.sample(POOL, 5, 9), policy.bestOf(POOL, 5, 1, 9, b -> 0));
    }

    /** An unconditioned policy would silently ignore a training set, so the training-set overloads refuse it. */
    @Test
    void refusesATrainingSetForAnUnconditionedPolicy() {
        assertFalse(policy.metadata().isConditioned());
        assertThrows(IllegalStateException.class, () -> policy.metadata().targetMean());
        double[][] x = {{0.5}};
        double[] y = {1.0};
        List<org.junit.jupiter.api.function.Executable> calls = List.of(
                () -> policy.encode(POOL, x, y),
                () -> policy.sample(POOL, x, y, 5, 1),
                () -> policy.bestOf(POOL, x, y, 5, 3, 1, b -> 0),
                () -> policy.logits(POOL, new double[0][], new double[0], new int[0]));
        for (org.junit.jupiter.api.function.Executable call : calls) {
            InvalidTrainingSetException e = assertThrows(InvalidTrainingSetException.class, call);
            assertTrue(e.getMessage().contains("not conditioned on a training set")
                    && e.getMessage().contains("encode(pool)"), e.getMessage());
        }
    }

    /** The shipped file is format version 1 (no training-set inputs) and still loads; metadata must match the graph. */
    @Test
    void readsVersionOneFilesAndChecksConditionedMetadataAgainstTheGraph() {
        assertEquals(PolicyFormat.UNCONDITIONED_VERSION, proto.getModelVersion());
        assertTrue(proto.getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals(
                PolicyMetadata.KEY_FORMAT_VERSION) && p.getValue().equals("1")));
        OnnxMl.ModelProto.Builder edited = proto.toBuilder().clearMetadataProps();
        for (Map.Entry<String, String> p : policy.metadata().conditioned(0, 1).toProperties().entrySet()) {
            edited.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(p.getKey())
                    .setValue(p.getValue()));
        }
        InvalidPolicyModelException e = assertThrows(InvalidPolicyModelException.class,
                () -> OnnxPolicy.fromBytes(edited.build().toByteArray(), "edited.onnx"));
        assertTrue(e.getMessage().contains("edited.onnx") && e.getMessage().contains("'train_features'"),
                e.getMessage());
    }

    @Test
    void rejectsBadPools() {
        InvalidPoolException width = assertThrows(InvalidPoolException.class,
                () -> policy.sample(new double[][]{{0.1}, {0.2, 0.3}, {0.4}}, 2, 1));
        assertTrue(width.getMessage().contains("pool row 1 has 2 features")
                && width.getMessage().contains("trained on 1"), width.getMessage());
        InvalidPoolException nan = assertThrows(InvalidPoolException.class,
                () -> policy.sample(new double[][]{{0.1}, {0.2}, {Double.NaN}}, 2, 1));
        assertTrue(nan.getMessage().contains("pool row 2, column 0 is NaN"), nan.getMessage());
        InvalidPoolException inf = assertThrows(InvalidPoolException.class,
                () -> policy.bestOf(new double[][]{{Double.POSITIVE_INFINITY}, {0.2}}, 1, 2, 1, b -> 0));
        assertTrue(inf.getMessage().contains("Infinity"), inf.getMessage());
        InvalidPoolException tooBig = assertThrows(InvalidPoolException.class,
                () -> policy.sample(ToyPolicyFixture.pool(4, 2), 5, 1));
        assertTrue(tooBig.getMessage().contains("batch size 5 is larger than the pool (4 points)"),
                tooBig.getMessage());
        assertThrows(InvalidPoolException.class, () -> policy.sample(new double[0][], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> policy.sample(POOL, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> policy.bestOf(POOL, 2, 0, 1, b -> 0));
        try (EncodedPool encoded = policy.encode(POOL)) {
            assertThrows(IllegalArgumentException.class, () -> encoded.logits(new int[]{1, 1}));
            assertThrows(IllegalArgumentException.class, () -> encoded.logits(new int[]{40}));
        }
    }

    @Test
    void rejectsFilesThatAreNotOnnxModels(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n", StandardCharsets.UTF_8);
        InvalidPolicyModelException notOnnx = assertThrows(InvalidPolicyModelException.class,
                () -> OnnxPolicy.load(text));
        assertTrue(notOnnx.getMessage().contains(text.toString())
                && notOnnx.getMessage().contains("not a readable ONNX model"), notOnnx.getMessage());

        byte[] full = ToyPolicyFixture.bytes();
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(full, full.length / 2));
        assertThrows(InvalidPolicyModelException.class, () -> OnnxPolicy.load(truncated));

        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        InvalidPolicyModelException emptyErr = assertThrows(InvalidPolicyModelException.class,
                () -> OnnxPolicy.load(empty));
        assertTrue(emptyErr.getMessage().contains("empty"), emptyErr.getMessage());

        assertThrows(NoSuchFileException.class, () -> OnnxPolicy.load(dir.resolve("absent.onnx")));
        assertThrows(InvalidPolicyModelException.class, () -> OnnxPolicy.load(null, "missing-resource.onnx"));
    }

    @Test
    void rejectsAModelWithoutTheMetadata() {
        OnnxMl.ModelProto.Builder b = proto.toBuilder().clearMetadataProps();
        for (OnnxMl.StringStringEntryProto p : proto.getMetadataPropsList()) {
            if (!p.getKey().equals(PolicyMetadata.KEY_BATCH_SIZE)) {
                b.addMetadataProps(p);
            }
        }
        InvalidPolicyModelException e = assertThrows(InvalidPolicyModelException.class,
                () -> OnnxPolicy.fromBytes(b.build().toByteArray(), "no-batch-size.onnx"));
        assertTrue(e.getMessage().contains("no-batch-size.onnx")
                && e.getMessage().contains("'batchgfn.batch_size' is missing"), e.getMessage());
    }

    /** A valid ONNX model with all the metadata but another graph: the missing input is named. */
    @Test
    void rejectsAModelWithoutThePolicyInputs() {
        ONNXContext ctx = new ONNXContext();
        ONNXPlaceholder in = ctx.floatInput(PolicyFormat.POOL, 1);
        ONNXPlaceholder out = ctx.floatOutput(PolicyFormat.EMBEDDINGS, 1);
        in.apply(ONNXOperators.IDENTITY).assignTo(out);
        OnnxMl.ModelProto other = OnnxMl.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(ONNXOperators.getOpsetProto()).setGraph(ctx.buildGraph())
                .addAllMetadataProps(proto.getMetadataPropsList()).build();
        InvalidPolicyModelException e = assertThrows(InvalidPolicyModelException.class,
                () -> OnnxPolicy.fromBytes(other.toByteArray(), "identity.onnx"));
        assertTrue(e.getMessage().contains("no input 'point_projection'"), e.getMessage());

        // right names, wrong width of the pool input
        Map<String, String> meta = new java.util.HashMap<>(policy.metadata().toProperties());
        meta.put(PolicyMetadata.KEY_INPUT_DIMENSION, "3");
        meta.put(PolicyMetadata.KEY_FEATURE_MEAN, "0,0,0");
        meta.put(PolicyMetadata.KEY_FEATURE_SCALE, "1,1,1");
        OnnxMl.ModelProto.Builder wrong = proto.toBuilder().clearMetadataProps();
        meta.forEach((k, v) -> wrong.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k)
                .setValue(v)));
        InvalidPolicyModelException width = assertThrows(InvalidPolicyModelException.class,
                () -> OnnxPolicy.fromBytes(wrong.build().toByteArray(), "wide.onnx"));
        assertTrue(width.getMessage().contains("'pool' should be a rank-2 float tensor of width 3"),
                width.getMessage());
    }

    @Test
    void loadsFromFileAndStreamAlike(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("toy.onnx");
        Files.write(file, ToyPolicyFixture.bytes());
        try (OnnxPolicy fromFile = OnnxPolicy.load(file);
             OnnxPolicy fromStream = OnnxPolicy.load(
                     OnnxPolicy.class.getResourceAsStream(ToyPolicyFixture.RESOURCE), "resource")) {
            assertEquals(policy.sample(POOL, 5, 77), fromFile.sample(POOL, 5, 77));
            assertEquals(policy.sample(POOL, 5, 77), fromStream.sample(POOL, 5, 77));
        }
    }
}
