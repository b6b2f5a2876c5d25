package org.batchgfn.gflownet;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.acquisition.BatchGfnAcquisition.CarryOver;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.policy.CarriedPolicy;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchGfnAcquisitionTest {

    private static AcquisitionProblem problem(int n) {
        double[] x = ToyPosterior.inputs(n, 31);
        JointMutualInformation jmi = new JointMutualInformation(
                ToyPosterior.covariance(x, new double[]{0.5}, 0.5, 0.01), 0.01);
        // The strategy reads only the pool and the reward; the GP posterior is not needed here.
        return new AcquisitionProblem(ToyPosterior.column(x), new double[][]{{0.5}}, new double[]{1.0}, null, jmi);
    }

    private static BatchGfnAcquisition strategy() {
        return new BatchGfnAcquisition(new PolicyArchitecture(16, 2), new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1),
                5);
    }

    @Test
    void returnsDistinctIndicesDeterministically() {
        AcquisitionProblem p = problem(9);
        int[] a = strategy().select(p, 3, new SplittableRandom(1));
        int[] b = strategy().select(p, 3, new SplittableRandom(1));
        assertArrayEquals(a, b);
        assertEquals(3, Arrays.stream(a).distinct().count());
        assertEquals("batchgfn", strategy().name());
    }

    /** The default (ONNX runtime) and the DL4J snapshot choose the same batch from the same random source. */
    @Test
    void onnxAndDl4jInferenceChooseTheSameBatch() {
        AcquisitionProblem p = problem(12);
        for (long seed = 1; seed <= 3; seed++) {
            int[] onnx = strategy().select(p, 3, new SplittableRandom(seed));
            int[] dl4j = strategy().withOnnxSampling(false).select(p, 3, new SplittableRandom(seed));
            assertArrayEquals(dl4j, onnx, "seed " + seed);
        }
        assertTrue(strategy().toString().contains("sampleWithOnnx=true"));
        assertTrue(strategy().withOnnxSampling(false).toString().contains("sampleWithOnnx=false"));
    }

    @Test
    void rejectsInvalidBatchSizeAndSettings() {
        AcquisitionProblem p = problem(4);
        assertThrows(IllegalArgumentException.class, () -> strategy().select(p, 5, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> strategy().select(p, 0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new BatchGfnAcquisition(new PolicyArchitecture(8, 1),
                new TrainerSettings(1, 1, 1e-3, 0.1, 0.9, 0.1), 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainerSettings(1, 1, 1e-3, 0.1, 0.9, -1));
    }

    private static double[] distribution(BatchGfnAcquisition s, int n, int b) {
        PolicySnapshot policy = s.lastPolicy().orElseThrow();
        return SetDistributions.policyDistribution(policy, new SetIndexer(n, b));
    }

    private static double maxDifference(double[] a, double[] c) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - c[i]));
        }
        return m;
    }

    /**
     * CONTINUE with zero further steps samples the second round from exactly the first round's policy;
     * REINITIALISE starts afresh (its second round equals a new strategy's round with the same seed).
     */
    @Test
    void continueCarriesThePolicyAndReinitialiseDoesNot() {
        AcquisitionProblem p = LookaheadTrainerTest.problem();
        BatchGfnAcquisition cont = strategy().withCarryOver(CarryOver.CONTINUE, 0, 0, 0);
        assertTrue(cont.lastPolicy().isEmpty());
        cont.select(p, 2, new SplittableRandom(1));
        double[] first = distribution(cont, 10, 2);
        cont.select(p, 2, new SplittableRandom(2));
        assertArrayEquals(first, distribution(cont, 10, 2), 1e-12);

        BatchGfnAcquisition further = strategy().withCarryOver(CarryOver.CONTINUE, 20, 0, 0);
        further.select(p, 2, new SplittableRandom(1));
        assertArrayEquals(first, distribution(further, 10, 2), 1e-12);
        further.select(p, 2, new SplittableRandom(2));
        assertTrue(maxDifference(first, distribution(further, 10, 2)) > 1e-4, "further steps moved nothing");

        BatchGfnAcquisition reinit = strategy();
        assertEquals(CarryOver.REINITIALISE, reinit.carryOver());
        reinit.select(p, 2, new SplittableRandom(1));
        assertArrayEquals(first, distribution(reinit, 10, 2), 1e-12);
        int[] second = reinit.select(p, 2, new SplittableRandom(2));
        double[] secondPolicy = distribution(reinit, 10, 2);
        assertTrue(maxDifference(first, secondPolicy) > 1e-3, "re-initialised policy equals the previous one");
        BatchGfnAcquisition fresh = strategy();
        assertArrayEquals(second, fresh.select(p, 2, new SplittableRandom(2)));
        assertArrayEquals(secondPolicy, distribution(fresh, 10, 2), 0.0);
    }

    /**
     * LOOKAHEAD over two rounds: deterministic, valid batches, and the lookahead training after round 1 changes the
     * policy the next round starts from even with zero further steps.
     */
    @Test
    void lookaheadCarriesALookaheadTrainedPolicy() {
        AcquisitionProblem p = LookaheadTrainerTest.problem();
        int[][] chosen = new int[2][];
        double[][] policies = new double[2][];
        for (int run = 0; run < 2; run++) {
            BatchGfnAcquisition s = strategy().withCarryOver(CarryOver.LOOKAHEAD, 0, 2, 10);
            int[] a = s.select(p, 2, new SplittableRandom(1));
            assertEquals(2, Arrays.stream(a).distinct().count());
            AcquisitionProblem next = LookaheadTrainerTest.afterAcquiring(p, a);
            chosen[run] = s.select(next, 2, new SplittableRandom(2));
            assertTrue(Arrays.stream(chosen[run]).allMatch(i -> i >= 0 && i < 8));
            policies[run] = distribution(s, 8, 2);
        }
        assertArrayEquals(chosen[0], chosen[1]);
        assertArrayEquals(policies[0], policies[1], 0.0);
        // Zero lookaheads and zero carried steps: round 2 is the round-1 policy; with lookaheads it differs.
        AcquisitionProblem next = LookaheadTrainerTest.afterAcquiring(p, new int[]{2, 6});
        BatchGfnAcquisition none = strategy().withCarryOver(CarryOver.LOOKAHEAD, 0, 0, 0);
        BatchGfnAcquisition some = strategy().withCarryOver(CarryOver.LOOKAHEAD, 0, 3, 20);
        none.select(p, 2, new SplittableRandom(1));
        some.select(p, 2, new SplittableRandom(1));
        none.select(next, 2, new SplittableRandom(2));
        some.select(next, 2, new SplittableRandom(2));
        assertTrue(maxDifference(distribution(none, 8, 2), distribution(some, 8, 2)) > 1e-4);
        assertTrue(some.toString().contains("carryOver=LOOKAHEAD"), some.toString());
        assertThrows(IllegalArgumentException.class, () -> strategy().withCarryOver(CarryOver.CONTINUE, -2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> strategy().withCarryOver(CarryOver.LOOKAHEAD, 0, -1, 0));
    }

    /**
     * A policy taken out after round 1 ({@code carriedPolicy}) and put into a new instance ({@code resumeFrom}) gives
     * the same round 2, batch and carried parameters, as the instance that kept it: what a campaign state file
     * relies on. Checked for both carrying modes; mismatched policies are refused.
     */
    @Test
    void aCarriedPolicyResumedInAnotherInstanceGivesTheSameNextRound() {
        AcquisitionProblem p = LookaheadTrainerTest.problem();
        for (CarryOver mode : new CarryOver[]{CarryOver.CONTINUE, CarryOver.LOOKAHEAD}) {
            BatchGfnAcquisition kept = strategy().withCarryOver(mode, 10, 2, 10);
            int[] a = kept.select(p, 2, new SplittableRandom(1));
            CarriedPolicy afterRound1 = kept.carriedPolicy().orElseThrow();
            AcquisitionProblem next = LookaheadTrainerTest.afterAcquiring(p, a);
            int[] b = kept.select(next, 2, new SplittableRandom(2));

            BatchGfnAcquisition resumed = strategy().withCarryOver(mode, 10, 2, 10);
            resumed.resumeFrom(afterRound1);
            assertArrayEquals(b, resumed.select(next, 2, new SplittableRandom(2)), mode.name());
            assertEquals(kept.carriedPolicy().orElseThrow().parameters(),
                    resumed.carriedPolicy().orElseThrow().parameters(), mode.name());
            assertTrue(resumed.lastTraining().orElseThrow().fromCarriedPolicy());
            assertEquals(10, resumed.lastTraining().orElseThrow().steps());
        }
        BatchGfnAcquisition look = strategy().withCarryOver(CarryOver.LOOKAHEAD, 10, 2, 10);
        look.select(p, 2, new SplittableRandom(1));
        CarriedPolicy conditioned = look.carriedPolicy().orElseThrow();
        assertThrows(IllegalArgumentException.class,
                () -> strategy().withCarryOver(CarryOver.CONTINUE, 10, 0, 0).resumeFrom(conditioned));
        assertThrows(IllegalArgumentException.class, () -> strategy().resumeFrom(conditioned));
        BatchGfnAcquisition wider = new BatchGfnAcquisition(new PolicyArchitecture(32, 2),
                new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1), 5).withCarryOver(CarryOver.LOOKAHEAD, 10, 2, 10);
        assertThrows(IllegalArgumentException.class, () -> wider.resumeFrom(conditioned));
    }

    /**
     * LOOKAHEAD samples its conditioned policy through ONNX (the exported graph with the problem's training set) and
     * chooses the same batches as the JVM snapshot, round after round, from the same random source.
     */
    @Test
    void lookaheadOnnxAndJvmInferenceChooseTheSameBatches() {
        for (long seed = 1; seed <= 3; seed++) {
            AcquisitionProblem p = LookaheadTrainerTest.problem();
            BatchGfnAcquisition onnx = strategy().withCarryOver(CarryOver.LOOKAHEAD, 10, 2, 10);
            BatchGfnAcquisition jvm = onnx.withOnnxSampling(false);
            int[] a = onnx.select(p, 2, new SplittableRandom(seed));
            assertArrayEquals(jvm.select(p, 2, new SplittableRandom(seed)), a, "round 1, seed " + seed);
            AcquisitionProblem next = LookaheadTrainerTest.afterAcquiring(p, a);
            assertArrayEquals(jvm.select(next, 2, new SplittableRandom(seed + 10)),
                    onnx.select(next, 2, new SplittableRandom(seed + 10)), "round 2, seed " + seed);
        }
    }

    /**
     * The strategy OLCUT configures from {@code original}'s provenance, checked to print the same settings.
     */
    private static BatchGfnAcquisition rebuiltFromProvenance(BatchGfnAcquisition original) {
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(original.getProvenance()));
        BatchGfnAcquisition rebuilt = (BatchGfnAcquisition) cm.lookup("batchgfnacquisition-0");
        assertEquals(original.toString(), rebuilt.toString());
        return rebuilt;
    }

    /** The carry-over settings are recorded in the provenance and a strategy rebuilt from it has them. */
    @Test
    void carryOverSettingsRoundTripThroughProvenance() {
        BatchGfnAcquisition original = strategy().withCarryOver(CarryOver.LOOKAHEAD, 7, 3, 11);
        var prov = original.getProvenance();
        assertEquals("LOOKAHEAD", prov.getConfiguredParameters().get("carryOver").toString());
        BatchGfnAcquisition rebuilt = rebuiltFromProvenance(original);
        assertEquals(CarryOver.LOOKAHEAD, rebuilt.carryOver());
        assertTrue(rebuilt.toString().contains("carriedSteps=7, lookaheads=3x11"), rebuilt.toString());
    }

    /** The per-group learning rates are recorded in the provenance and a strategy rebuilt from it trains with them. */
    @Test
    void learningRatesRoundTripThroughProvenance() {
        TrainerSettings settings = new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1, 0.1).withLogitLearningRate(0.01);
        BatchGfnAcquisition original = new BatchGfnAcquisition(new PolicyArchitecture(16, 2), settings, 5);
        var prov = original.getProvenance();
        assertEquals("0.01", prov.getConfiguredParameters().get("logitLearningRate").toString());
        assertEquals("0.1", prov.getConfiguredParameters().get("flowLearningRate").toString());
        BatchGfnAcquisition rebuilt = rebuiltFromProvenance(original);
        assertTrue(rebuilt.toString().contains("logitLearningRate=0.01"), rebuilt.toString());
        AcquisitionProblem p = problem(12);
        assertArrayEquals(original.select(p, 3, new SplittableRandom(2)), rebuilt.select(p, 3, new SplittableRandom(2)));
    }

    /**
     * The Fourier input features and the exploration temperature are configured fields too: they survive the
     * provenance round trip, and the rebuilt strategy chooses the same batch.
     */
    @Test
    void inputFeaturesAndExplorationTemperatureRoundTripThroughProvenance() {
        TrainerSettings settings = new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1).withExplorationTemperature(2.0);
        BatchGfnAcquisition original = new BatchGfnAcquisition(
                new PolicyArchitecture(16, 2, new FourierFeatures(6, 0.5)), settings, 5);
        var prov = original.getProvenance();
        assertEquals("6", prov.getConfiguredParameters().get("fourierFeatures").toString());
        assertEquals("0.5", prov.getConfiguredParameters().get("fourierScale").toString());
        assertEquals("2.0", prov.getConfiguredParameters().get("explorationTemperature").toString());
        BatchGfnAcquisition rebuilt = rebuiltFromProvenance(original);
        AcquisitionProblem p = problem(12);
        assertArrayEquals(original.select(p, 3, new SplittableRandom(2)), rebuilt.select(p, 3, new SplittableRandom(2)));
        // The paper's network has no Fourier features; a configured strategy has the library's default.
        assertTrue(BatchGfnAcquisition.paperDefaults().toString().contains("fourierFeatures=0"));
        assertEquals(16, BatchGfnAcquisition.DEFAULT_FOURIER_FEATURES.count());
    }
}
