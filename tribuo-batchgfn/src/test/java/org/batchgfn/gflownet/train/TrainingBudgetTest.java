package org.batchgfn.gflownet.train;

import org.batchgfn.gflownet.ToyPosterior;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.reward.BatchReward;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each stopping rule of {@link BatchGfnTrainer} stops training for its own reason, at the step worked out here
 * independently: the step count exactly; the wall-clock budget with an injected clock that advances one second
 * per step (so the stop step is ⌈budget⌉, whatever the machine's speed); convergence on a reward whose every
 * complete batch has the same value (the best reward can only be set by the first step, so training stops after
 * exactly {@code patience + 1} steps), and on scripted signals checked step by step against the rule's definition.
 */
class TrainingBudgetTest {

    private static final int N = 12;
    private static final int B = 3;

    private static PolicyNetwork network() {
        return new PolicyNetwork(PoolStandardizer.standardize(ToyPosterior.column(ToyPosterior.inputs(N, 3))),
                new PolicyArchitecture(8, 1), B, DataType.FLOAT,
                new SplittableRandom(4));
    }

    private static JointMutualInformation jmi() {
        return new JointMutualInformation(ToyPosterior.covariance(ToyPosterior.inputs(N, 3),
                new double[]{-0.5, 0.4}, 0.5, 0.01), 0.01);
    }

    /** Every complete batch has value 0.2·B: the prefix values grow with the set's size only. */
    private static final BatchReward FLAT = new BatchReward() {
        @Override
        public String name() {
            return "flat";
        }

        @Override
        public int poolSize() {
            return N;
        }

        @Override
        public double value(int[] batch) {
            return 0.2 * batch.length;
        }
    };

    private static TrainerSettings settings(int steps, TrainingBudget budget) {
        return new TrainerSettings(steps, 4, 1e-3, 0.1, 0.9, 0.1).withBudget(budget);
    }

    @Test
    void theStepCountStopsAtExactlyThatStep() {
        List<Integer> seen = new ArrayList<>();
        BatchGfnTrainer.Report r = new BatchGfnTrainer(settings(25, TrainingBudget.DEFAULT)).train(network(), jmi(),
                new SplittableRandom(1), 25, seen::add);
        assertEquals(StopReason.STEPS, r.stopReason());
        assertEquals(25, r.steps());
        assertEquals(25, seen.size());
        for (int k = 0; k < 25; k++) {
            assertEquals(k + 1, seen.get(k));
        }
        BatchGfnTrainer.Report none = new BatchGfnTrainer(settings(0, TrainingBudget.DEFAULT)).train(network(),
                jmi(), new SplittableRandom(1));
        assertEquals(StopReason.STEPS, none.stopReason());
        assertEquals(0, none.steps());
        assertTrue(Double.isNaN(none.finalLoss()));
    }

    @Test
    void theTimeBudgetStopsWhenTheClockPassesIt() {
        long[] now = {5_000_000_000L};
        TrainingBudget budget = new TrainingBudget(10.5, 0, 0);
        BatchGfnTrainer trainer = new BatchGfnTrainer(settings(1000, budget), () -> now[0]);
        BatchGfnTrainer.Report r = trainer.train(network(), jmi(), new SplittableRandom(2), 1000,
                s -> now[0] += 1_000_000_000L);
        assertEquals(StopReason.TIME_BUDGET, r.stopReason());
        assertEquals(11, r.steps(), "one second per step: the first step at or past 10.5 s is the 11th");
        assertEquals(11.0, r.seconds(), 1e-12);
        // The same run without a time limit goes on to the step count.
        now[0] = 0;
        BatchGfnTrainer unlimited = new BatchGfnTrainer(settings(30, budget.withMaxSeconds(0)), () -> now[0]);
        BatchGfnTrainer.Report all = unlimited.train(network(), jmi(), new SplittableRandom(2), 30,
                s -> now[0] += 1_000_000_000L);
        assertEquals(StopReason.STEPS, all.stopReason());
        assertEquals(30, all.steps());
    }

    @Test
    void convergenceStopsAfterPatienceStepsWhenEveryBatchHasTheSameReward() {
        for (int patience : new int[]{1, 7, 40}) {
            BatchGfnTrainer.Report r = new BatchGfnTrainer(settings(500, new TrainingBudget(0, patience, 1e-3)))
                    .train(network(), FLAT, new SplittableRandom(patience));
            assertEquals(StopReason.CONVERGED, r.stopReason(), "patience " + patience);
            assertEquals(patience + 1, r.steps(), "patience " + patience);
        }
        // Convergence off: the flat reward trains to the step count.
        BatchGfnTrainer.Report off = new BatchGfnTrainer(settings(60, new TrainingBudget(0, 0, 1e-3)))
                .train(network(), FLAT, new SplittableRandom(3));
        assertEquals(StopReason.STEPS, off.stopReason());
        assertEquals(60, off.steps());
    }

    /** The rule against its definition on hand-made signals (patience 3, tolerance 1%). */
    @Test
    void convergenceCountsStepsSinceTheLastRelativeImprovement() {
        StoppingRule rule = new StoppingRule(100, new TrainingBudget(0, 3, 0.01), () -> 0L);
        // step:            1    2     3      4    5     6           7    8
        double[] signal = {1.0, 2.0, 2.019, 2.0, 2.03, Double.NaN, 1.0, 2.05};
        // improvements at 1 (the first), 2 (+100%) and 5 (2.03 > 2.02); 3 (+0.95% of 2.0) and 8 (+0.99% of 2.03)
        // are within the tolerance, so step 8 is the third step without one
        StopReason[] expected = {null, null, null, null, null, null, null, StopReason.CONVERGED};
        for (int k = 0; k < signal.length; k++) {
            rule.observe(signal[k]);
            assertEquals(expected[k], rule.check(k + 1), "after step " + (k + 1));
        }
        assertEquals(2.03, rule.best(), 0.0);
        // A signal that rises by 2% every step never converges.
        StoppingRule rising = new StoppingRule(100, new TrainingBudget(0, 1, 0.01), () -> 0L);
        double v = 1;
        for (int step = 1; step < 100; step++) {
            rising.observe(v);
            v *= 1.02;
            assertNull(rising.check(step), "step " + step);
        }
        // Negative rewards: the tolerance is relative to |best|.
        StoppingRule negative = new StoppingRule(100, new TrainingBudget(0, 1, 0.1), () -> 0L);
        negative.observe(-10);
        negative.observe(-9.5);
        assertEquals(StopReason.CONVERGED, negative.check(2), "-9.5 is within 10% of -10");
    }

    @Test
    void theStepCountWinsWhenSeveralRulesMeetAtOnceAndTimeNeedsAFirstStep() {
        long[] now = {0};
        StoppingRule rule = new StoppingRule(2, new TrainingBudget(1, 1, 0), () -> now[0]);
        now[0] = 5_000_000_000L;
        assertNull(rule.check(0), "the time rule waits for a first step");
        rule.observe(1);
        assertEquals(StopReason.TIME_BUDGET, rule.check(1));
        rule.observe(1);
        assertEquals(StopReason.STEPS, rule.check(2), "steps, convergence and time all met: steps is reported");
        StoppingRule both = new StoppingRule(10, new TrainingBudget(1, 1, 0), () -> now[0]);
        both.observe(1);
        both.observe(1);
        now[0] += 10_000_000_000L;
        assertEquals(StopReason.CONVERGED, both.check(2), "convergence and time met: convergence is reported");
    }

    @Test
    void badBudgetsAreRefusedWithTheirNameAndRange() {
        assertMessage(() -> new TrainingBudget(-1, 0, 0), "maxSeconds must be finite and >= 0", "-1.0");
        assertMessage(() -> new TrainingBudget(Double.NaN, 0, 0), "maxSeconds", "NaN");
        assertMessage(() -> new TrainingBudget(Double.POSITIVE_INFINITY, 0, 0), "maxSeconds", "0: no time limit");
        assertMessage(() -> new TrainingBudget(1, -2, 0), "patience must be >= 0", "-2");
        assertMessage(() -> new TrainingBudget(1, 2, 1.0), "tolerance must be in [0, 1)", "1.0");
        assertMessage(() -> new TrainingBudget(1, 2, -0.1), "tolerance", "-0.1");
        assertMessage(() -> new TrainerSettings(5, 4, 1e-3, 0.1, 0.9, 0.1).withBudget(null), "training budget",
                "STEPS_ONLY");
        assertTrue(TrainingBudget.DEFAULT.timeLimited() && TrainingBudget.DEFAULT.convergenceOn());
        assertTrue(!TrainingBudget.STEPS_ONLY.timeLimited() && !TrainingBudget.STEPS_ONLY.convergenceOn());
        assertEquals(TrainingBudget.STEPS_ONLY, new TrainerSettings(5, 4, 1e-3, 0.1, 0.9, 0.1).budget(),
                "the shorter constructors train exactly their steps");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(x.getMessage().contains(p), x.getMessage());
        }
    }
}
