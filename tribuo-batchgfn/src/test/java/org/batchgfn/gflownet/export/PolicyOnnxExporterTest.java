package org.batchgfn.gflownet.export;

import ai.onnx.proto.OnnxMl;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.PolicyFormat;
import org.batchgfn.onnx.PolicyMetadata;
import org.batchgfn.onnx.SampledBatch;
import org.batchgfn.reward.BatchReward;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        rawPool = OnnxParity.rawRows(rng, N, D);
        standardizer = PoolStandardizer.fit(rawPool);
        network = OnnxParity.randomNetwork(standardizer.apply(rawPool), H, B, false, rng);
        snapshot = network.snapshot();
        provenance = BatchGfnAcquisition.paperDefaults().getProvenance();
        model = PolicyOnnxExporter.export(network, standardizer, TEMPERATURE, "jmi", provenance);
        policy = OnnxPolicy.fromBytes(model.toByteArray(), "test export");
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    @Test
    void onnxLogitsEqualDl4jLogitsOnRandomStates() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        for (int t = 0; t < 30; t++) {
            int[] state = OnnxParity.randomState(rng, N, t % B);
            double[] onnx = policy.logits(rawPool, state);
            double[] dl4j = snapshot.logits(state);
            worst = Math.max(worst, OnnxParity.assertClose(dl4j, onnx, 1e-5,
                    "ONNX vs DL4J snapshot, state " + Arrays.toString(state)));
            OnnxParity.assertClose(OnnxParity.directLogits(network, standardizer.apply(rawPool), new double[H],
                    state), onnx, 1e-5, "ONNX vs direct double forward pass");
        }
        System.out.printf("largest relative difference ONNX vs DL4J logits over 30 states: %.2e%n", worst);
    }

    @Test
    void sameSeedGivesSameBatchesInRuntimeAndDl4jSampler() {
        BatchReward unused = new OnnxParity.ZeroReward(N);
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
        assertFalse(m.isConditioned());
        assertEquals(PolicyFormat.UNCONDITIONED_VERSION, model.getModelVersion(), "unconditioned files are unchanged");
        assertEquals(3, model.getGraph().getInputCount(), "no training-set inputs");
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
    void refusesAConditionedNetworkWithoutItsTrainingPairs() {
        PolicyNetwork conditioned = OnnxParity.randomNetwork(standardizer.apply(rawPool), H, B, true,
                new SplittableRandom(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyOnnxExporter.export(conditioned, standardizer, TEMPERATURE, "jmi", provenance));
        assertTrue(e.getMessage().contains("conditioned on its training set")
                && e.getMessage().contains("TrainingPairs"), e.getMessage());
    }

    @Test
    void refusesTrainingPairsForAnUnconditionedNetwork() {
        TrainingPairs pairs = TrainingPairs.fit(standardizer, new double[]{1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyOnnxExporter.export(network, pairs, TEMPERATURE, "jmi", provenance));
        assertTrue(e.getMessage().contains("not conditioned"), e.getMessage());
    }
}
