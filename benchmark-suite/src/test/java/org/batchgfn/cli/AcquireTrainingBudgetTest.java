package org.batchgfn.cli;

import org.batchgfn.gflownet.train.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training budget through {@code acquire --strategy batchgfn}: {@code --patience} and {@code --max-seconds} stop
 * training for their reason, which the progress bar, the summary line and the campaign state file record; budgets
 * may change between the rounds of a campaign; bad values are usage errors naming the option and the allowed range.
 * <p>
 * The data make convergence provable: with {@code --raw} fixed hyperparameters (length scale 0.5), the pool points
 * lie 10 apart and 100 away from the training points, so their posterior covariances vanish (Matérn-5/2 at 20
 * length scales, below 1e-16) and their variances are equal: every batch of B points has the same JMI,
 * B/2 · log(1 + 1/0.01). The first training step sets the best reward, and {@code --patience N} stops training
 * after exactly N + 1 steps.
 */
class AcquireTrainingBudgetTest {

    @TempDir
    Path dir;

    private static final Object[] GP = {"--raw", "--lengthscale", "0.5", "--outputscale", "1", "--noise", "0.01",
        "--mean", "0", "--hidden-width", "8", "--samples", "3"};

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Object[] acquire(Object... extra) throws IOException {
        StringBuilder train = new StringBuilder("a,b,y\n");
        for (int j = 0; j < 4; j++) {
            train.append(-100 - 10 * j).append(",3,").append(0.1 * j).append('\n');
        }
        StringBuilder pool = new StringBuilder("a,b\n");
        for (int i = 0; i < 12; i++) {
            pool.append(10 * i).append(",0\n");
        }
        Object[] head = {"acquire", "--train", write("train.csv", train.toString()), "--pool",
            write("pool.csv", pool.toString()), "--target", "y", "--strategy", "batchgfn", "--batch-size", 3};
        Object[] all = Arrays.copyOf(head, head.length + GP.length + extra.length);
        System.arraycopy(GP, 0, all, head.length, GP.length);
        System.arraycopy(extra, 0, all, head.length + GP.length, extra.length);
        return all;
    }

    @Test
    void patienceAndTimeBudgetStopTrainingAndTheStateFileRecordsWhy() throws IOException {
        Path state = dir.resolve("c.bgfn");
        Run r1 = Run.run(acquire("--steps", 200, "--patience", 4, "--state", state, "--carried-steps", 50,
                "--lookaheads", 1, "--lookahead-steps", 3));
        assertEquals(0, r1.exitCode(), r1.err());
        assertEquals(1.5 * Math.log(101), Double.parseDouble(r1.outLines().get(r1.outLines().size() - 1)
                .substring(4)), 1e-9, "every batch's JMI");
        assertTrue(r1.err().contains("5/200 steps"), r1.err());
        assertTrue(r1.err().contains("stopped: converged after 5 steps, "), r1.err());
        assertTrue(r1.err().contains("trained the policy 5 steps from fresh weights in "), r1.err());
        assertTrue(r1.err().contains("(stopped: converged), then 3 lookahead steps"), r1.err());

        // The budget may change between rounds: now a nanosecond, spent by the first step.
        Run r2 = Run.run(acquire("--steps", 200, "--patience", 0, "--max-seconds", "0.000000001", "--state", state,
                "--carried-steps", 50, "--lookaheads", 1, "--lookahead-steps", 3));
        assertEquals(0, r2.exitCode(), r2.err());
        assertTrue(r2.err().contains("stopped: time budget spent after 1 steps"), r2.err());
        assertTrue(r2.err().contains("trained the policy 1 steps from the carried policy"), r2.err());

        // No time limit, patience 0: the carried steps, all of them.
        Run r3 = Run.run(acquire("--steps", 200, "--patience", 0, "--max-seconds", 0, "--state", state,
                "--carried-steps", 12, "--lookaheads", 1, "--lookahead-steps", 3));
        assertEquals(0, r3.exitCode(), r3.err());
        assertTrue(r3.err().contains("trained the policy 12 steps from the carried policy"), r3.err());
        assertTrue(r3.err().contains("(stopped: step count reached)"), r3.err());
        assertFalse(r3.err().contains("stopped: step count reached after"), "the bar notes early stops only");

        CampaignState s = CampaignState.read(state);
        assertEquals(3, s.round());
        assertEquals(StopReason.CONVERGED, s.history().get(0).stopReason());
        assertEquals(5, s.history().get(0).steps());
        assertEquals(StopReason.TIME_BUDGET, s.history().get(1).stopReason());
        assertEquals(1, s.history().get(1).steps());
        assertEquals(StopReason.STEPS, s.history().get(2).stopReason());
        assertEquals(12, s.history().get(2).steps());
        assertEquals("4", CampaignState.read(state).settings().get("patience"), "the first round's settings");
    }

    /** A state file written before the budget existed (no budget settings, no stop reasons) still continues. */
    @Test
    void aStateFileFromBeforeTheBudgetContinues() throws IOException {
        Path state = dir.resolve("old.bgfn");
        Object[] campaign = {"--steps", 30, "--state", state, "--carried-steps", 6, "--lookaheads", 1,
            "--lookahead-steps", 2};
        Run r1 = Run.run(acquire(campaign));
        assertEquals(0, r1.exitCode(), r1.err());
        CampaignState now = CampaignState.read(state);
        java.util.Map<String, String> settings = new java.util.TreeMap<>(now.settings());
        for (String key : new String[]{"maxSeconds", "patience", "convergenceTolerance"}) {
            assertTrue(settings.remove(key) != null, key + " is a setting of the state file");
        }
        CampaignState.Round r = now.history().get(0);
        CampaignState.Round old = new CampaignState.Round(r.round(), r.trainRows(), r.trainSha256(), r.poolRows(),
                r.poolSha256(), r.batchSize(), r.steps(), r.seconds(), r.fromCarried(), r.lookaheadSteps(), r.jmi(),
                null);
        new CampaignState(now.featureColumns(), now.target(), settings, java.util.List.of(old), now.policy())
                .write(state);
        assertEquals(null, CampaignState.read(state).history().get(0).stopReason());
        Run r2 = Run.run(acquire(campaign));
        assertEquals(0, r2.exitCode(), r2.err());
        assertTrue(r2.err().contains("trained the policy 6 steps from the carried policy"), r2.err());
        CampaignState after = CampaignState.read(state);
        assertEquals(null, after.history().get(0).stopReason());
        assertEquals(StopReason.STEPS, after.history().get(1).stopReason());
    }

    @Test
    void badBudgetsAreUsageErrorsNamingTheOption() throws IOException {
        assertUsage("--max-seconds must be finite and >= 0 (0: no time limit), got -1.0", "--max-seconds", -1);
        assertUsage("--max-seconds must be finite and >= 0 (0: no time limit), got NaN", "--max-seconds", "NaN");
        assertUsage("--max-seconds must be finite and >= 0 (0: no time limit), got Infinity", "--max-seconds",
                "Infinity");
        assertUsage("--patience must be >= 0, got -3", "--patience", -3);
        assertUsage("Invalid value for option '--patience'", "--patience", "soon");
        Run other = Run.run("acquire", "--train", write("t.csv", "a,y\n1,2\n2,3\n"), "--pool",
                write("p.csv", "a\n5\n6\n"), "--target", "y", "--strategy", "random", "--batch-size", 1,
                "--max-seconds", 5, "--patience", 2);
        assertEquals(2, other.exitCode(), other.err());
        assertTrue(other.err().contains("--max-seconds, --patience apply to --strategy batchgfn only"), other.err());
        Run help = Run.run("acquire", "--help");
        assertEquals(0, help.exitCode());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("--max-seconds=S"), text);
        assertTrue(text.contains("(default: 60.0; 0: no time limit"), text);
        assertTrue(text.contains("--patience=N"), text);
        assertTrue(text.contains("(default: 1500; 0: off)"), text);
    }

    private void assertUsage(String fragment, Object... option) throws IOException {
        Run r = Run.run(acquire(option));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
    }

    @Test
    void theProgressLineEndsWithTheStopReason() {
        StringWriter sw = new StringWriter();
        long[] now = {0};
        TrainingProgressLine line = new TrainingProgressLine(new PrintWriter(sw), "acquire", () -> now[0]);
        line.start("training", 5000);
        now[0] = 10_000_000_000L;
        line.step(900);
        now[0] = 21_400_000_000L;
        line.step(1830);
        line.stopped(StopReason.CONVERGED, 1830, 21.4);
        line.start("lookahead", 200);
        now[0] = 23_400_000_000L;
        line.step(200);
        line.stopped(StopReason.STEPS, 200, 2.0);
        line.finish();
        String[] lines = sw.toString().split(System.lineSeparator());
        assertEquals(2, lines.length, sw.toString());
        String training = lines[0].substring(lines[0].lastIndexOf('\r') + 1).strip();
        assertEquals("acquire: training  [########................] 1830/5000 steps  21.4 s  stopped: converged "
                + "after 1830 steps, 21.4 s", training);
        assertTrue(lines[0].contains("900/5000 steps  10.0 s  ETA 45.6 s"), lines[0]);
        String lookahead = lines[1].substring(lines[1].lastIndexOf('\r') + 1).strip();
        assertEquals("acquire: lookahead [########################] 200/200 steps  2.0 s", lookahead);
    }
}
