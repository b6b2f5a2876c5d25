package org.batchgfn.gflownet.export;

import ai.onnx.proto.OnnxMl;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.PolicyFormat;
import org.batchgfn.onnx.PolicyMetadata;
import org.batchgfn.onnx.SampledBatch;
import org.batchgfn.reward.BatchReward;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parity of the exported ONNX policy with the Deeplearning4j network: logits on random states, and the same batches
 * from the same seeds through the runtime and through the training-side sampler.
 */
class PolicyOnnxExporterTest {

    private static final int N = 60;
    private static final int D = 3;
    private static final int H = 16;
    private static final int B = 4;
    private static final double TEMPERATURE = 0.1;

    private static double[][] rawPool;
    private static PoolStandardizer standardizer;
    private static PolicyNetwork network;
    private static PolicySnapshot snapshot;
    private static ObjectProvenance provenance;
    private static OnnxMl.ModelProto model;
    private static OnnxPolicy policy;

    @BeforeAll
    static void exportRandomNetwork() throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        rawPool = new double[N][D];
        for (double[] row : rawPool) {
            for (int j = 0; j < D; j++) {
                row[j] = 3.0 * (j + 1) * (rng.nextDouble() - 0.3) + 10 * j; // non-unit scale and offset per column
            }
        }
        standardizer = PoolStandardizer.fit(rawPool);
        network = new PolicyNetwork(standardizer.apply(rawPool), new PolicyArchitecture(H, 2),
                new SubTrajectoryBalanceLoss(0.9, B), DataType.FLOAT, new SplittableRandom(3));
        // Random values in every parameter (biases start at zero), so that each one's wiring is exercised.
        for (INDArray p : network.parameters().values()) {
            double[] v = new double[(int) p.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.6 * (rng.nextDouble() - 0.5);
            }
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()).castTo(p.dataType()));
        }
        snapshot = network.snapshot();
        provenance = BatchGfnAcquisition.paperDefaults().getProvenance();
        model = PolicyOnnxExporter.export(network, standardizer, TEMPERATURE, "jmi", provenance);
        policy = OnnxPolicy.fromBytes(model.toByteArray(), "test export");
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    private static int[] randomState(SplittableRandom rng, int size) {
        int[] perm = new int[N];
        for (int i = 0; i < N; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(N - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, size);
    }

    /** The forward pass written out in double precision from the network's parameters: independent of both paths. */
    private static double[] directLogits(int[] state) {
        Map<String, INDArray> p = network.parameters();
        double[][] x = standardizer.apply(rawPool);
        double[][] e = x;
        for (int l = 0; l < 2; l++) {
            e = relu(add(times(e, p.get("enc_w" + l).toDoubleMatrix()), p.get("enc_b" + l).toDoubleVector()));
        }
        double[][] proj = add(times(e, p.get("head_wx").toDoubleMatrix()), p.get("head_b").toDoubleVector());
        double[] c = new double[H];
        for (int s : state) {
            for (int h = 0; h < H; h++) {
                c[h] += e[s][h];
            }
        }
        double[] g = times(new double[][]{c}, p.get("head_wc").toDoubleMatrix())[0];
        double[] v = p.get("head_out").reshape(-1).toDoubleVector();
        double[] out = new double[N];
        for (int i = 0; i < N; i++) {
            for (int h = 0; h < H; h++) {
                out[i] += v[h] * Math.max(0, proj[i][h] + g[h]);
            }
        }
        for (int s : state) {
            out[s] = Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    private static double[][] add(double[][] a, double[] bias) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
            for (int j = 0; j < bias.length; j++) {
                out[i][j] += bias[j];
            }
        }
        return out;
    }

    private static double[][] relu(double[][] a) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.max(0, row[j]);
            }
        }
        return a;
    }

    /** Relative difference, scaled by the logits' magnitude so that logits near zero do not divide by ~0. */
    private static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == Double.NEGATIVE_INFINITY) {
                assertEquals(Double.NEGATIVE_INFINITY, actual[i], what + " at masked index " + i);
            } else {
                double tol = rel * Math.max(Math.abs(expected[i]), 0.1 * scale);
                assertEquals(expected[i], actual[i], tol, what + " at index " + i);
            }
        }
    }

    @Test
    void onnxLogitsEqualDl4jLogitsOnRandomStates() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        for (int t = 0; t < 30; t++) {
            int[] state = randomState(rng, t % B);
            double[] onnx = policy.logits(rawPool, state);
            double[] dl4j = snapshot.logits(state);
            assertClose(dl4j, onnx, 1e-5, "ONNX vs DL4J snapshot, state " + Arrays.toString(state));
            assertClose(directLogits(state), onnx, 1e-5, "ONNX vs direct double forward pass");
            for (int i = 0; i < N; i++) {
                if (Double.isFinite(dl4j[i])) {
                    worst = Math.max(worst, Math.abs(onnx[i] - dl4j[i]) / Math.max(Math.abs(dl4j[i]), 1e-3));
                }
            }
        }
        System.out.printf("largest relative difference ONNX vs DL4J logits over 30 states: %.2e%n", worst);
    }

    @Test
    void sameSeedGivesSameBatchesInRuntimeAndDl4jSampler() {
        BatchReward unused = new ZeroReward(N);
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, B), unused, 0.0);
        for (long seed = 0; seed < 60; seed++) {
            int[] dl4j = sampler.sampleActions(snapshot, new SplittableRandom(seed));
            SampledBatch onnx = policy.sample(rawPool, B, seed);
            assertArrayEquals(dl4j, onnx.indices(), "seed " + seed);
            double logP = 0;
            int[] prefix = new int[0];
            for (int x : dl4j) {
                logP += snapshot.logProbabilities(prefix)[x];
                prefix = Arrays.copyOf(prefix, prefix.length + 1);
                prefix[prefix.length - 1] = x;
            }
            assertEquals(logP, onnx.logProbability(), 1e-5 * Math.max(1, Math.abs(logP)), "log-probability, seed " + seed);
        }
    }

    @Test
    void modelDeclaresOpsetAndCarriesMetadata() throws Exception {
        assertEquals(PolicyFormat.OPSET, model.getOpsetImport(0).getVersion());
        assertEquals("", model.getOpsetImport(0).getDomain());
        PolicyMetadata m = policy.metadata();
        assertEquals(D, m.inputDimension());
        assertEquals(H, m.hiddenWidth());
        assertEquals(2, m.encoderLayers());
        assertEquals(B, m.batchSize());
        assertEquals(TEMPERATURE, m.temperature());
        assertEquals("jmi", m.rewardName());
        assertArrayEquals(standardizer.mean(), m.featureMean());
        assertArrayEquals(standardizer.scale(), m.featureScale());
        ObjectProvenance back = new JsonProvenanceSerialization(false).deserializeAndUnmarshal(m.provenanceJson());
        assertEquals(provenance, back);
    }

    @Test
    void writesAFileTheRuntimeLoads(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/policy.onnx");
        PolicyOnnxExporter.write(network, standardizer, TEMPERATURE, "jmi", provenance, file);
        try (OnnxPolicy loaded = OnnxPolicy.load(file)) {
            assertEquals(policy.sample(rawPool, B, 5), loaded.sample(rawPool, B, 5));
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void rejectsAStandardizerOfAnotherDimension() {
        PoolStandardizer other = PoolStandardizer.fit(new double[][]{{1, 2}, {3, 4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyOnnxExporter.export(network, other, TEMPERATURE, "jmi", provenance));
        assertTrue(e.getMessage().contains("2 dimensions"), e.getMessage());
    }

    @Test
    void rejectsATrainingSetConditionedNetwork() {
        PolicyNetwork conditioned = new PolicyNetwork(standardizer.apply(rawPool), new PolicyArchitecture(H, 2),
                new SubTrajectoryBalanceLoss(0.9, B), DataType.FLOAT, new SplittableRandom(3), true);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> PolicyOnnxExporter.export(conditioned, standardizer, TEMPERATURE, "jmi", provenance));
        assertTrue(e.getMessage().contains("conditioned on its training set"), e.getMessage());
    }

    /** A reward that is never consulted for sampling; the sampler's constructor only checks its pool size. */
    private record ZeroReward(int poolSize) implements BatchReward {
        @Override
        public String name() {
            return "zero";
        }

        @Override
        public double value(int[] batch) {
            return 0;
        }
    }
}
