package org.batchgfn.gflownet;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.acquisition.BatchGfnAcquisition.CarryOver;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.StopReason;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training budget seen from {@link BatchGfnAcquisition}: each stopping rule ends a round's training for its
 * reason, recorded in {@link BatchGfnAcquisition.Training} and told to the
 * {@link BatchGfnAcquisition.ProgressListener};
 * the amortised modes train exactly the configured carried steps in the rounds after the first, and lookahead
 * training keeps its step counts whatever the budget.
 */
class BatchGfnTrainingBudgetTest {

    private static final int N = 9;

    /**
     * Independent pool points of equal posterior variance 0.5 and noise 0.01: every batch of B points has the same
     * JMI, B/2 · log(1 + 0.5/0.01), so the best training reward is set by the first step only.
     */
    private static JointMutualInformation flatJmi() {
        double[][] cov = new double[N][N];
        for (int i = 0; i < N; i++) {
            cov[i][i] = 0.5;
        }
        return new JointMutualInformation(new DenseCovariance(cov), 0.01);
    }

    private static AcquisitionProblem flatProblem() {
        return new AcquisitionProblem(ToyPosterior.column(ToyPosterior.inputs(N, 8)), new double[][]{{0.5}},
                new double[]{1.0}, null, flatJmi());
    }

    private static BatchGfnAcquisition strategy(int steps, TrainingBudget budget) {
        return new BatchGfnAcquisition(new PolicyArchitecture(16, 2),
                new TrainerSettings(steps, 4, 1e-3, 0.1, 0.9, 0.1).withBudget(budget), 5);
    }

    /** Records what the listener is told, one string per call. */
    private static final class Recorder implements BatchGfnAcquisition.ProgressListener {
        final List<String> events = new ArrayList<>();
        int lastStep;
        double stoppedSeconds = Double.NaN;

        @Override
        public void start(String phase, int totalSteps) {
            events.add("start " + phase + " " + totalSteps);
            lastStep = 0;
        }

        @Override
        public void step(int done) {
            assertEquals(lastStep + 1, done, "steps are told one by one");
            lastStep = done;
        }

        @Override
        public void stopped(StopReason reason, int steps, double seconds) {
            events.add("stopped " + reason + " " + steps + " (last step told " + lastStep + ")");
            stoppedSeconds = seconds;
        }
    }

    private static BatchGfnAcquisition.Training round(BatchGfnAcquisition s, AcquisitionProblem p, Recorder r,
                                                      long seed) {
        s.setProgressListener(r);
        s.select(p, 3, new SplittableRandom(seed));
        BatchGfnAcquisition.Training t = s.lastTraining().orElseThrow();
        assertEquals(t.seconds(), r.stoppedSeconds, 0.0, "the listener is told the round's seconds");
        return t;
    }

    @Test
    void convergenceStopsTheRoundAndIsRecordedAndTold() {
        Recorder r = new Recorder();
        BatchGfnAcquisition.Training t = round(strategy(200, new TrainingBudget(0, 5, 1e-3)), flatProblem(), r, 1);
        assertEquals(StopReason.CONVERGED, t.stopReason());
        assertEquals(6, t.steps(), "patience 5 on a flat reward: the first step sets the best, five more end it");
        assertEquals(List.of("start training 200", "stopped CONVERGED 6 (last step told 6)"), r.events);
        assertEquals(1.5 * Math.log(51), flatJmi().value(new int[]{0, 4, 7}), 1e-12);
        assertEquals(flatJmi().value(new int[]{0, 4, 7}), flatJmi().value(new int[]{8, 2, 1}), 0.0);
    }

    @Test
    void theTimeBudgetStopsTheRoundAfterItsFirstStep() {
        // A nanosecond budget is spent by any step, so the stop is at step 1 on any machine.
        Recorder r = new Recorder();
        BatchGfnAcquisition.Training t = round(strategy(200, new TrainingBudget(1e-9, 0, 0)), flatProblem(), r, 2);
        assertEquals(StopReason.TIME_BUDGET, t.stopReason());
        assertEquals(1, t.steps());
        assertEquals(List.of("start training 200", "stopped TIME_BUDGET 1 (last step told 1)"), r.events);
    }

    @Test
    void theStepCountEndsARoundTheBudgetDoesNotBind() {
        Recorder r = new Recorder();
        BatchGfnAcquisition.Training t = round(strategy(30, TrainingBudget.DEFAULT), flatProblem(), r, 3);
        assertEquals(StopReason.STEPS, t.stopReason());
        assertEquals(30, t.steps());
        assertEquals(List.of("start training 30", "stopped STEPS 30 (last step told 30)"), r.events);
    }

    /**
     * CONTINUE and LOOKAHEAD, with the default budget: round 1 trains {@code steps} (25) from fresh weights, rounds 2
     * and 3 train exactly {@code carriedSteps} (7) from the carried policy; LOOKAHEAD trains L · stepsPerLookahead
     * (2 · 10) lookahead steps after each choice.
     */
    @Test
    void amortisedModesTrainTheConfiguredCarriedStepsAfterTheFirstRound() {
        for (CarryOver mode : new CarryOver[]{CarryOver.CONTINUE, CarryOver.LOOKAHEAD}) {
            BatchGfnAcquisition s = strategy(25, TrainingBudget.DEFAULT).withCarryOver(mode, 7, 2, 10);
            assertEquals(TrainingBudget.DEFAULT, s.trainerSettings().budget());
            AcquisitionProblem p = LookaheadTrainerTest.problem();
            Recorder r = new Recorder();
            for (int round = 1; round <= 3; round++) {
                s.setProgressListener(r);
                int[] chosen = s.select(p, 2, new SplittableRandom(round));
                BatchGfnAcquisition.Training t = s.lastTraining().orElseThrow();
                String where = mode + " round " + round;
                assertEquals(round == 1 ? 25 : 7, t.steps(), where);
                assertEquals(StopReason.STEPS, t.stopReason(), where);
                assertEquals(round > 1, t.fromCarriedPolicy(), where);
                assertEquals(mode == CarryOver.LOOKAHEAD ? 20 : 0, t.lookaheadSteps(), where);
                p = LookaheadTrainerTest.afterAcquiring(p, chosen);
            }
            List<String> expected = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                int steps = round == 1 ? 25 : 7;
                expected.add("start training " + steps);
                expected.add("stopped STEPS " + steps + " (last step told " + steps + ")");
                if (mode == CarryOver.LOOKAHEAD) {
                    expected.add("start lookahead 20");
                }
            }
            assertEquals(expected, r.events, mode.name());
        }
    }

    /**
     * A budget that stops training on the current reward after two steps (patience 1 on a flat reward) stops the
     * carried rounds too, but not the lookahead phases, which keep L · stepsPerLookahead steps.
     */
    @Test
    void theBudgetAppliesToCarriedRoundsButNotToLookahead() {
        BatchGfnAcquisition s = strategy(25, new TrainingBudget(0, 1, 1e-3)).withCarryOver(CarryOver.LOOKAHEAD, 7, 2,
                10);
        AcquisitionProblem p = LookaheadTrainerTest.problem();
        Recorder r = new Recorder();
        s.setProgressListener(r);
        int[] chosen = s.select(p, 2, new SplittableRandom(4));
        assertEquals(20, r.lastStep, "the lookahead phase told all its 20 steps");
        BatchGfnAcquisition.Training first = s.lastTraining().orElseThrow();
        assertEquals(20, first.lookaheadSteps());
        assertTrue(first.steps() < 25 && first.stopReason() == StopReason.CONVERGED, first.toString());
        s.select(LookaheadTrainerTest.afterAcquiring(p, chosen), 2, new SplittableRandom(5));
        BatchGfnAcquisition.Training second = s.lastTraining().orElseThrow();
        assertEquals(20, second.lookaheadSteps());
        assertTrue(second.steps() < 7 && second.stopReason() == StopReason.CONVERGED, second.toString());
    }

    @Test
    void theBudgetIsInTheConfigurationAndItsDescription() {
        BatchGfnAcquisition s = strategy(25, new TrainingBudget(12.5, 300, 0.002));
        var params = s.getProvenance().getConfiguredParameters();
        assertTrue(params.get("maxSeconds").toString().contains("12.5"), params.toString());
        assertTrue(params.containsKey("patience") && params.containsKey("convergenceTolerance"), params.toString());
        String text = s.toString().toLowerCase(Locale.ROOT);
        assertTrue(text.contains("maxseconds=12.5") && text.contains("patience=300"), text);
        assertFalse(TrainerSettings.PAPER.budget().timeLimited(), "paper settings train their 5000 steps");
    }
}
