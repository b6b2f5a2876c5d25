package org.batchgfn.bench;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchConfigTest {

    @Test
    void fullIsThePaperScale() {
        // Paper appendix A.1, Fig. 3/4 captions and Table 1.
        BenchConfig f = BenchConfig.full();
        assertEquals(2000, f.poolSize());
        assertEquals(1000, f.testSize());
        assertEquals(10, f.seedSetSize());
        assertEquals(10, f.batchSize());
        assertEquals(5, f.seedSets());
        assertEquals(5000, f.trainingSteps());
        assertEquals(256, f.hiddenWidth());
        assertEquals(20, f.samples());
        assertEquals(List.of(1.0, 0.1, 0.01), f.jmiTemperatures());
        // Paper Fig. 5/9 and Table 1 (lookahead experiments): pools 50 and 20, L = 10 lookahead samples, H = 256.
        TransferConfig t = f.transfer();
        assertEquals(List.of(20, 50), t.poolSizes());
        assertEquals(10, t.lookaheads());
        assertEquals(256, t.hiddenWidth());
        assertEquals(5000, t.round1Steps());
    }

    @Test
    void benchmarkRoundsTrainExactlyTheirStepsWhateverTheLibraryBudget() {
        // The library's defaults stop on a wall-clock budget; a benchmark round must not, or its results (and the
        // recomputation of an interrupted amortised trajectory on resume) would depend on the machine's load.
        assertNotEquals(TrainingBudget.STEPS_ONLY, BatchGfnAcquisition.defaults().trainerSettings().budget());
        for (BenchConfig c : List.of(BenchConfig.reduced(), BenchConfig.full())) {
            TrainerSettings s = BenchStrategies.training(c, 0.01);
            assertEquals(TrainingBudget.STEPS_ONLY, s.budget());
            assertEquals(c.trainingSteps(), s.steps());
            assertEquals(BatchGfnAcquisition.defaults().trainerSettings().replayTrajectories(),
                    s.replayTrajectories());
        }
    }

    @Test
    void transferEvaluationStepsIncludeZeroAndTheLastStep() {
        TransferConfig t = new TransferConfig(List.of(8), List.of(1), 8, 4, 1, 2, 5, 2);
        assertEquals(List.of(0, 2, 4, 5), t.evaluationSteps());
        assertEquals(List.of(0, 100, 200), new TransferConfig(List.of(8), List.of(1), 8, 4, 1, 2, 200, 100)
                .evaluationSteps());
        assertEquals(3, new TransferConfig(List.of(8, 9), List.of(3), 8, 4, 1, 2, 5, 2).seedsOf(1));
    }

    @Test
    void runNameIsStableAndDependsOnEverySetting() {
        BenchConfig r = BenchConfig.reduced();
        assertEquals(r.runName(), BenchConfig.reduced().runName());
        assertTrue(r.runName().matches("toy-[0-9a-f]{10}"), r.runName());
        assertNotEquals(r.runName(), BenchConfig.full().runName());
        BenchConfig otherSeed = new BenchConfig(r.poolSize(), r.testSize(), r.seedSetSize(), r.batchSize(), r.rounds(),
                r.seedSets(), r.trainingSteps(), r.hiddenWidth(), r.inputFeatures(), r.samples(), r.alTemperature(),
                r.jmiTemperatures(), r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(), r.fidelitySteps(), r.fidelityCheckpoints(),
                r.gpEpochs(), r.gpOptimizer(), r.gpFitSize(), r.speedRounds(), r.transfer(), r.carryOver(), 1, null, null, null, null);
        assertNotEquals(r.runName(), otherSeed.runName());
        BenchConfig rawInputs = new BenchConfig(r.poolSize(), r.testSize(), r.seedSetSize(), r.batchSize(),
                r.rounds(), r.seedSets(), r.trainingSteps(), r.hiddenWidth(), FourierFeatures.NONE, r.samples(),
                r.alTemperature(), r.jmiTemperatures(), r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(),
                r.fidelitySteps(), r.fidelityCheckpoints(), r.gpEpochs(), r.gpOptimizer(), r.gpFitSize(),
                r.speedRounds(),
                r.transfer(), r.carryOver(), r.seed(), null, null, null, null);
        assertNotEquals(r.runName(), rawInputs.runName());
        BenchConfig adam = new BenchConfig(r.poolSize(), r.testSize(), r.seedSetSize(), r.batchSize(), r.rounds(),
                r.seedSets(), r.trainingSteps(), r.hiddenWidth(), r.inputFeatures(), r.samples(), r.alTemperature(),
                r.jmiTemperatures(), r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(), r.fidelitySteps(),
                r.fidelityCheckpoints(), r.gpEpochs(), org.batchgfn.gp.HyperparameterOptimizer.ADAM, r.gpFitSize(),
                r.speedRounds(), r.transfer(), r.carryOver(), r.seed(), null, null, null, null);
        assertNotEquals(r.runName(), adam.runName());
        assertEquals("lbfgs", r.describe().get("gp_optimizer"));
        assertEquals("adam", adam.describe().get("gp_optimizer"));
        assertEquals("1000", adam.describe().get("gp_epochs"));
        assertEquals("0", rawInputs.describe().get("fourier_features"));
        assertEquals("16", r.describe().get("fourier_features"));
        assertEquals("1.0", r.describe().get("fourier_scale"));
    }

    @Test
    void rejectsInconsistentSettings() {
        BenchConfig r = BenchConfig.reduced();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchConfig(12,
                r.testSize(), 10, 5, r.rounds(), r.seedSets(), r.trainingSteps(), r.hiddenWidth(), r.inputFeatures(),
                r.samples(), r.alTemperature(), r.jmiTemperatures(), r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(),
                r.fidelitySteps(), r.fidelityCheckpoints(), r.gpEpochs(), r.gpOptimizer(), r.gpFitSize(), r.speedRounds(),
                r.transfer(), r.carryOver(), 0,
                null, null, null, null));
        assertTrue(e.getMessage().contains("pool size 12 must hold the seed set (10) and at least one batch (5)"));
        e = assertThrows(IllegalArgumentException.class, () -> new BenchConfig(r.poolSize(), r.testSize(),
                r.seedSetSize(), r.batchSize(), r.rounds(), r.seedSets(), r.trainingSteps(), r.hiddenWidth(),
                r.inputFeatures(), r.samples(), r.alTemperature(), r.jmiTemperatures(), r.jmiDraws(), 3, 3, r.fidelitySteps(),
                r.fidelityCheckpoints(), r.gpEpochs(), r.gpOptimizer(), r.gpFitSize(), r.speedRounds(), r.transfer(), r.carryOver(), 0,
                null, null,
                null, null));
        assertTrue(e.getMessage().contains("fidelity pool size must exceed the fidelity batch size 3, got 3"));
    }

    @Test
    void carryOverAndShippedDatasetAreConfiguredAndHashed() {
        BenchConfig r = BenchConfig.reduced();
        // The presets carry a tenth of the first round's steps; lookahead adds two lookaheads of a quarter of that.
        assertEquals(Math.round(0.1 * r.trainingSteps()), r.carryOver().carriedSteps());
        assertEquals(2, r.carryOver().lookaheads());
        assertEquals(Math.round(r.carryOver().carriedSteps() / 4.0), r.carryOver().stepsPerLookahead());
        assertEquals(Integer.toString(r.carryOver().carriedSteps()), r.describe().get("al_carried_steps"));
        BenchConfig moreCarried = new BenchConfig(r.poolSize(), r.testSize(), r.seedSetSize(), r.batchSize(),
                r.rounds(), r.seedSets(), r.trainingSteps(), r.hiddenWidth(), r.inputFeatures(), r.samples(),
                r.alTemperature(), r.jmiTemperatures(), r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(),
                r.fidelitySteps(), r.fidelityCheckpoints(), r.gpEpochs(), r.gpOptimizer(), r.gpFitSize(),
                r.speedRounds(), r.transfer(), new CarryOverConfig(r.carryOver().carriedSteps() + 1,
                r.carryOver().lookaheads(), r.carryOver().stepsPerLookahead()), r.seed(), null, null, null, null);
        assertNotEquals(r.runName(), moreCarried.runName());
        BenchConfig engel = new BenchConfig(r.poolSize(), r.testSize(), r.seedSetSize(), r.batchSize(),
                r.rounds(), r.seedSets(), r.trainingSteps(), r.hiddenWidth(), r.inputFeatures(), r.samples(),
                r.alTemperature(), r.jmiTemperatures(), r.jmiDraws(), r.fidelityPoolSize(), r.fidelityBatchSize(),
                r.fidelitySteps(), r.fidelityCheckpoints(), r.gpEpochs(), r.gpOptimizer(), r.gpFitSize(),
                r.speedRounds(), r.transfer(), r.carryOver(), r.seed(), null, null, null, "engel");
        assertTrue(engel.runName().matches("engel-[0-9a-f]{10}"), engel.runName());
        assertEquals("dataset engel", engel.describe().get("data"));
        assertEquals(Integer.toString(r.poolSize()), engel.describe().get("max_pool_size"));
        assertFalse(engel.usesToy());
        assertFalse(engel.usesCsv());
    }
}
