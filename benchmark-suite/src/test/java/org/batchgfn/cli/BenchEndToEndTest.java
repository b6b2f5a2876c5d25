package org.batchgfn.cli;

import org.batchgfn.bench.ActiveLearningExperiment;
import org.batchgfn.bench.FidelityExperiment;
import org.batchgfn.bench.GpFitExperiment;
import org.batchgfn.bench.JmiExperiment;
import org.batchgfn.bench.ResultRow;
import org.batchgfn.bench.ResultTable;
import org.batchgfn.bench.SpeedExperiment;
import org.batchgfn.bench.TransferExperiment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every experiment of {@code batchgfn bench} once on a tiny toy configuration and checks the CSV files against
 * what the configuration implies and against independent recomputation (reward normalisation, JSD, JMI ratios,
 * label counts), and that the report embeds its plots.
 */
class BenchEndToEndTest {

    static final int POOL = 40;
    static final int SEED = 4;
    static final int B = 3;
    static final int ROUNDS = 2;
    static final int SEED_SETS = 2;
    static final int DRAWS = 3;
    static final int FIDELITY_POOL = 6;
    static final int SPEED_ROUNDS = 1;
    static final int TRAINING_STEPS = 6;
    static final int CARRIED_STEPS = 2;
    static final int LOOKAHEADS = 1;
    static final int LOOKAHEAD_STEPS = 3;
    /** The al experiment's strategies: five re-initialised ones and BatchGFN in the two amortised modes. */
    static final List<String> AL_STRATEGIES = List.of("random", "bald", "stochastic-bald", "batchbald", "batchgfn",
            "batchgfn-continue", "batchgfn-lookahead");

    /** A tiny transfer experiment: pool 8, one seed, evaluations at steps 0, 2, 4. */
    static final String[] TINY_TRANSFER = {"--transfer-pool-sizes", "8", "--transfer-seeds", "1",
        "--transfer-hidden-width", "8", "--transfer-round1-steps", "4", "--transfer-lookaheads", "1",
        "--transfer-lookahead-steps", "2", "--transfer-steps", "4", "--transfer-eval-every", "2"};

    /** The tiny configuration. */
    static String[] tinyArgs(Path out) {
        return tinyArgs(out, SEED_SETS, "1,0.1");
    }

    /** The tiny configuration with a number of seed sets and jmi temperatures (the resume test uses fewer). */
    static String[] tinyArgs(Path out, int seedSets, String jmiTemperatures) {
        String[] base = {"bench", "--out", out.toString(), "--run", "tiny", "--pool-size", "" + POOL,
                "--test-size", "30", "--seed-set-size", "" + SEED, "-B", "" + B, "--rounds", "" + ROUNDS,
                "--seed-sets", "" + seedSets, "--training-steps", "" + TRAINING_STEPS, "--carried-steps",
                "" + CARRIED_STEPS, "--lookaheads", "" + LOOKAHEADS, "--lookahead-steps", "" + LOOKAHEAD_STEPS,
                "--hidden-width", "8", "--samples", "2",
                "--jmi-draws", "" + DRAWS, "--jmi-temperatures", jmiTemperatures, "--fidelity-pool-size", "" + FIDELITY_POOL,
                "--fidelity-steps", "8", "--fidelity-checkpoints", "2", "--gp-epochs", "20", "--gp-fit-size", "25",
                "--speed-rounds", "" + SPEED_ROUNDS};
        return Stream.concat(Arrays.stream(base), Arrays.stream(TINY_TRANSFER)).toArray(String[]::new);
    }

    @TempDir
    static Path out;
    static Path run;
    static BenchCli.Result result;

    @BeforeAll
    static void runOnce() {
        result = BenchCli.run(tinyArgs(out));
        run = out.resolve("tiny");
    }

    @Test
    void succeedsAndWritesEveryFile() {
        assertEquals(0, result.exitCode(), result.err());
        for (String f : List.of("config.txt", "report.md", ActiveLearningExperiment.FILE, SpeedExperiment.FILE,
                JmiExperiment.FILE, FidelityExperiment.JSD_FILE, FidelityExperiment.SETS_FILE, GpFitExperiment.FILE,
                TransferExperiment.FILE, TransferExperiment.SUMMARY_FILE, TransferExperiment.ROUND1_FILE)) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        try (Stream<Path> s = Files.list(run)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void activeLearningHasEveryRoundOfEveryTrajectoryWithConsistentLabels() {
        List<List<String>> rows = ResultTable.read(run.resolve(ActiveLearningExperiment.FILE),
                ActiveLearningExperiment.COLUMNS);
        assertEquals(AL_STRATEGIES.size() * SEED_SETS * (ROUNDS + 1), rows.size());
        Map<String, Set<String>> chosen = new TreeMap<>();
        Set<String> keys = new HashSet<>();
        for (List<String> r : rows) {
            assertTrue(keys.add(r.get(0) + "/" + r.get(1) + "/" + r.get(2)), "duplicate cell " + r);
            int round = Integer.parseInt(r.get(2));
            assertEquals(SEED + round * B, Integer.parseInt(r.get(3)), "labels after round " + round);
            assertTrue(Double.parseDouble(r.get(4)) > 0, "positive RMSE");
            String[] c = r.get(10).isEmpty() ? new String[0] : r.get(10).split(" ");
            assertEquals(round == 0 ? 0 : B, c.length);
            Set<String> seen = chosen.computeIfAbsent(r.get(0) + "/" + r.get(1), k -> new HashSet<>());
            for (String p : c) {
                int row = Integer.parseInt(p);
                assertTrue(row >= 0 && row < POOL);
                assertTrue(seen.add(p), "pool row " + p + " acquired twice in " + r.get(0) + "/" + r.get(1));
            }
        }
        // All strategies start from the same seed set: their round-0 scores agree.
        List<Double> round0 = new ArrayList<>();
        for (List<String> r : rows) {
            if (r.get(1).equals("0") && r.get(2).equals("0")) {
                round0.add(Double.parseDouble(r.get(4)));
            }
        }
        assertEquals(AL_STRATEGIES.size(), round0.size());
        round0.forEach(v -> assertEquals(round0.get(0), v, 0.0));
    }

    @Test
    void activeLearningRecordsWhatEachBatchGfnModeTrained() {
        List<ResultRow> rows = ResultRow.read(run.resolve(ActiveLearningExperiment.FILE),
                ActiveLearningExperiment.COLUMNS);
        assertEquals(AL_STRATEGIES, rows.stream().map(r -> r.get("strategy")).distinct().toList(), "report order");
        int checked = 0;
        for (ResultRow r : rows) {
            String s = r.get("strategy");
            int round = r.integer("round");
            boolean gfn = s.startsWith("batchgfn") && round > 0;
            // Round 1 trains the configured steps from fresh weights; the amortised modes then train only the
            // carried steps, and the lookahead mode L x steps-per-lookahead more after each choice.
            int steps = !gfn ? 0 : s.equals("batchgfn") || round == 1 ? TRAINING_STEPS : CARRIED_STEPS;
            int ahead = gfn && s.equals("batchgfn-lookahead") ? LOOKAHEADS * LOOKAHEAD_STEPS : 0;
            assertEquals(steps, r.integer("training_steps"), s + " round " + round);
            assertEquals(ahead, r.integer("lookahead_steps"), s + " round " + round);
            assertEquals(gfn ? "steps" : "", r.get("stop_reason"), s + " round " + round);
            double training = r.num("training_seconds");
            double lookahead = r.num("lookahead_seconds");
            assertTrue(gfn ? training > 0 : training == 0, s + " training seconds " + training);
            assertTrue(ahead > 0 ? lookahead > 0 : lookahead == 0, s + " lookahead seconds " + lookahead);
            assertTrue(training + lookahead <= r.num("acquisition_seconds") + 1e-9,
                    "training and lookahead are part of the acquisition: " + s + " round " + round);
            checked += gfn ? 1 : 0;
        }
        assertEquals(3 * SEED_SETS * ROUNDS, checked);
    }

    @Test
    void costCurveIsTheRunningSumOfEachTrajectorysAcquisitionSeconds() throws IOException {
        // Recomputed here from al.csv: per (strategy, seed set) the running sum over rounds, then the mean over seed
        // sets per round, next to the mean RMSE.
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, double[]> expected = new TreeMap<>();
        List<List<String>> al = new ArrayList<>(ResultTable.read(run.resolve(ActiveLearningExperiment.FILE),
                ActiveLearningExperiment.COLUMNS));
        int secondsColumn = ActiveLearningExperiment.COLUMNS.indexOf("acquisition_seconds");
        int rmseColumn = ActiveLearningExperiment.COLUMNS.indexOf("test_rmse");
        al.sort(java.util.Comparator.comparing((List<String> r) -> r.get(0))
                .thenComparing(r -> Integer.parseInt(r.get(1))).thenComparing(r -> Integer.parseInt(r.get(2))));
        for (List<String> r : al) {
            double[] sum = sums.computeIfAbsent(r.get(0) + "/" + r.get(1), k -> new double[1]);
            sum[0] += Double.parseDouble(r.get(secondsColumn));
            double[] e = expected.computeIfAbsent(r.get(0) + "/" + r.get(2), k -> new double[3]);
            e[0] += sum[0] / SEED_SETS;
            e[1] += Double.parseDouble(r.get(rmseColumn)) / SEED_SETS;
            e[2]++;
        }
        List<String> costColumns = List.of("strategy", "round", "labels", "seed_sets",
                "cumulative_acquisition_seconds", "cumulative_acquisition_seconds_se", "test_rmse", "test_rmse_se",
                "cumulative_policy_training_seconds");
        List<List<String>> cost = ResultTable.read(run.resolve("al_cost.csv"), costColumns);
        assertEquals(expected.size(), cost.size(), "one row per strategy and round");
        for (List<String> r : cost) {
            double[] e = expected.get(r.get(0) + "/" + r.get(1));
            assertEquals(SEED_SETS, (int) e[2]);
            assertEquals(e[0], Double.parseDouble(r.get(4)), 1e-12 * (1 + e[0]), "cumulative seconds " + r);
            assertEquals(e[1], Double.parseDouble(r.get(6)), 1e-12, "mean RMSE " + r);
            assertEquals(Integer.toString(SEED + Integer.parseInt(r.get(1)) * B), r.get(2));
        }
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("](al_cost.png)"), "cost plot embedded");
        // The table's final-round column quotes the same number (3 significant digits).
        double gfnTotal = expected.get("batchgfn/" + ROUNDS)[0];
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| batchgfn | %d | %.3g", SEED + ROUNDS * B,
                gfnTotal)), report);
    }

    @Test
    void fidelityProbabilitiesAreNormalisedRewardsAndJsdMatchesARecomputation() {
        List<List<String>> sets = ResultTable.read(run.resolve(FidelityExperiment.SETS_FILE),
                FidelityExperiment.SET_COLUMNS);
        assertEquals(20, sets.size(), "C(6, 3) sets");
        double z = 0;
        for (List<String> r : sets) {
            z += Math.exp(Double.parseDouble(r.get(2)));
        }
        double pSum = 0;
        double jsd = 0;
        for (List<String> r : sets) {
            double target = Math.exp(Double.parseDouble(r.get(2))) / z;
            assertEquals(target, Double.parseDouble(r.get(3)), 1e-9, "reward probability of " + r.get(1));
            double p = Double.parseDouble(r.get(4));
            pSum += p;
            double m = 0.5 * (p + target);
            jsd += 0.5 * (p > 0 ? p * Math.log(p / m) : 0) + 0.5 * (target > 0 ? target * Math.log(target / m) : 0);
        }
        assertEquals(1.0, pSum, 1e-4);
        List<List<String>> curve = ResultTable.read(run.resolve(FidelityExperiment.JSD_FILE),
                FidelityExperiment.JSD_COLUMNS);
        List<String> last = curve.get(curve.size() - 1);
        assertEquals("8", last.get(1));
        assertEquals(jsd, Double.parseDouble(last.get(3)), 1e-4);
        assertEquals("0", curve.get(0).get(1), "untrained checkpoint first");
    }

    @Test
    void jmiRowsPerStrategyAndRatiosToGreedy() {
        List<List<String>> rows = ResultTable.read(run.resolve(JmiExperiment.FILE), JmiExperiment.COLUMNS);
        Map<String, Integer> counts = new TreeMap<>();
        for (List<String> r : rows) {
            counts.merge(r.get(0) + "@" + r.get(1), 1, Integer::sum);
            double jmi = Double.parseDouble(r.get(3));
            double greedy = Double.parseDouble(r.get(4));
            assertEquals(jmi / greedy, Double.parseDouble(r.get(5)), 1e-12);
            assertEquals(B, r.get(7).split(" ").length);
            if (r.get(0).equals("batchbald")) {
                assertEquals(greedy, jmi, 1e-12);
            }
        }
        assertEquals(Map.of("random@", DRAWS, "bald@", 1, "stochastic-bald@", DRAWS, "batchbald@", 1,
                "batchgfn@1.0", DRAWS, "batchgfn@0.1", DRAWS), counts);
    }

    @Test
    void speedSplitsBatchGfnTimeAndGpFitBeatsTheMean() {
        List<List<String>> rows = ResultTable.read(run.resolve(SpeedExperiment.FILE), SpeedExperiment.COLUMNS);
        assertEquals(5 * (SPEED_ROUNDS + 1), rows.size());
        for (List<String> r : rows) {
            if (r.get(0).equals("batchgfn") && !r.get(2).equals("0")) {
                double training = Double.parseDouble(r.get(4));
                double sampling = Double.parseDouble(r.get(5));
                assertTrue(training > 0 && sampling > 0);
                assertTrue(training + sampling <= Double.parseDouble(r.get(6)) + 1e-9, "phases within the total");
            }
        }
        List<List<String>> gp = ResultTable.read(run.resolve(GpFitExperiment.FILE), GpFitExperiment.COLUMNS);
        assertEquals(1, gp.size());
        assertTrue(Double.parseDouble(gp.get(0).get(2)) < 0.5 * Double.parseDouble(gp.get(0).get(5)),
                "the GP fit should be far better than predicting the mean");
    }

    @Test
    void reportEmbedsEveryPlotAndSection() throws IOException {
        String report = Files.readString(run.resolve("report.md"));
        for (String section : List.of("## Headline numbers", "## Fidelity", "## Joint mutual information",
                "## Active learning", "## Speed", "## Transfer", "## GP sanity check", "## Configuration and provenance")) {
            assertTrue(report.contains(section), section);
        }
        for (String plot : List.of("fidelity_parity", "fidelity_jsd", "jmi_strip", "al_rmse", "al_nll", "al_cost",
                "transfer_jsd_pool8")) {
            assertTrue(report.contains("](" + plot + ".png)"), plot);
            assertTrue(Files.size(run.resolve(plot + ".png")) > 1000, plot + ".png");
            assertTrue(Files.readString(run.resolve(plot + ".svg")).contains("<svg"), plot + ".svg");
        }
    }
}
