package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.gp.GaussianProcessPosterior;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad batch sizes, empty pools and malformed problems give specific errors; configured strategies round-trip. */
class AcquisitionInputValidationTest {

    private static final List<AcquisitionStrategy> STRATEGIES = List.of(new RandomAcquisition(),
            new BaldAcquisition(), new StochasticBaldAcquisition(StochasticBaldAcquisition.Variant.SOFTRANK, 2),
            new GreedyBatchBald(), new ExhaustiveBatchSearch(50));

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void everyStrategyRejectsBatchSizesOutsideOneToPoolSize() {
        AcquisitionProblem problem = Problems.of(Problems.diagonal(1, 2, 3, 4), 0.1);
        for (AcquisitionStrategy s : STRATEGIES) {
            for (int b : new int[]{0, -1, 5}) {
                assertMessage("batch size must be between 1 and the pool size 4, got " + b,
                        () -> s.select(problem, b, new SplittableRandom(0)));
            }
            int[] all = s.select(problem, 4, new SplittableRandom(0));
            assertTrue(Problems.distinctInRange(all, 4), s.name());
        }
    }

    @Test
    void everyStrategyRejectsAnEmptyPool() {
        AcquisitionProblem empty = new AcquisitionProblem(new double[0][1], new double[0][1], new double[0], null,
                new JointMutualInformation(new DenseCovariance(new double[0][0]), 0.1));
        for (AcquisitionStrategy s : STRATEGIES) {
            assertMessage("the unlabelled pool is empty", () -> s.select(empty, 1, new SplittableRandom(0)));
        }
    }

    @Test
    void problemFactoryValidatesPoolTrainingDataAndTargets() {
        GaussianProcessPosterior gp = Problems.stubPosterior(2, 0.1);
        double[][] pool = {{0, 1}, {2, 3}};
        double[][] train = {{1, 1}};
        double[] y = {0.5};
        assertEquals(2, AcquisitionProblem.of(pool, train, y, gp).poolSize());
        assertMessage("the unlabelled pool is empty", () -> AcquisitionProblem.of(new double[0][], train, y, gp));
        assertMessage("pool row 1 has 3 features but the model expects 2",
                () -> AcquisitionProblem.of(new double[][]{{0, 1}, {1, 2, 3}}, train, y, gp));
        assertMessage("pool row 0, feature 1 is NaN",
                () -> AcquisitionProblem.of(new double[][]{{0, Double.NaN}}, train, y, gp));
        assertMessage("training row 0, feature 0 is Infinity",
                () -> AcquisitionProblem.of(pool, new double[][]{{Double.POSITIVE_INFINITY, 0}}, y, gp));
        assertMessage("training set has 1 inputs but 2 targets",
                () -> AcquisitionProblem.of(pool, train, new double[]{1, 2}, gp));
        assertMessage("training target 0 is NaN",
                () -> AcquisitionProblem.of(pool, train, new double[]{Double.NaN}, gp));
    }

    @Test
    void provenanceRecordsConfigurationAndRebuildsAnEqualStrategy() {
        StochasticBaldAcquisition original =
                new StochasticBaldAcquisition(StochasticBaldAcquisition.Variant.POWER, 3.5);
        ConfiguredObjectProvenance prov = original.getProvenance();
        assertEquals(StochasticBaldAcquisition.class.getName(), prov.getClassName());
        assertEquals("3.5", prov.getConfiguredParameters().get("coldness").toString());
        assertEquals("POWER", prov.getConfiguredParameters().get("variant").toString());

        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(prov));
        StochasticBaldAcquisition rebuilt = (StochasticBaldAcquisition) cm.lookup("stochasticbaldacquisition-0");
        assertEquals(StochasticBaldAcquisition.Variant.POWER, rebuilt.variant());
        assertEquals(3.5, rebuilt.coldness());

        ConfigurationManager cm2 = new ConfigurationManager();
        cm2.addConfiguration(ProvenanceUtil.extractConfiguration(new ExhaustiveBatchSearch(77).getProvenance()));
        assertEquals(77, ((ExhaustiveBatchSearch) cm2.lookup("exhaustivebatchsearch-0")).maxSubsets());
    }
}
