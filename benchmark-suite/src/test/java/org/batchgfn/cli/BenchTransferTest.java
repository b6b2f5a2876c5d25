package org.batchgfn.cli;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.bench.ResultTable;
import org.batchgfn.bench.TransferExperiment;
import org.batchgfn.bench.BenchConfig;
import org.batchgfn.bench.gflownet.AcquisitionTransfer;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code batchgfn bench transfer} on a tiny configuration (pool 8, two seeds, steps 0, 2, 4, 5): every curve has
 * every evaluation step once, the values obey invariants checked against independent computations (JSD within
 * [0, ln 2] and equal, at step 0 of the re-initialised curve, to the JSD of a fresh network computed here from the
 * two distributions; greedy JMI recomputed on round 2; the summary recomputed from the curves), and rerunning
 * skips finished cells: nothing is recorded a second time, and after deleting rows only those are recomputed,
 * with the same values.
 */
class BenchTransferTest {

    static final int POOL = 8;
    static final int HIDDEN = 8;
    static final List<Integer> STEPS = List.of(0, 2, 4, 5);
    static final List<String> MODES = List.of("reinitialise", "continue", "lookahead");

    @TempDir
    static Path out;
    static Path run;
    static BenchCli.Result first;
    static int firstCells;

    static String[] args() {
        return new String[]{"bench", "transfer", "--out", out.toString(), "--run", "t", "--transfer-pool-sizes",
            "" + POOL, "--transfer-seeds", "2", "--transfer-hidden-width", "" + HIDDEN, "--transfer-round1-steps", "6",
            "--transfer-lookaheads", "2", "--transfer-lookahead-steps", "3", "--transfer-steps", "5",
            "--transfer-eval-every", "2"};
    }

    @BeforeAll
    static void runOnce() {
        AtomicInteger cells = new AtomicInteger();
        first = BenchCli.run((t, k) -> cells.incrementAndGet(), args());
        firstCells = cells.get();
        run = out.resolve("t");
    }

    static List<List<String>> rows() {
        return ResultTable.read(run.resolve(TransferExperiment.FILE), TransferExperiment.COLUMNS);
    }

    @Test
    void everyModeHasEveryStepOnceAndTheSummaryMatchesTheCurves() {
        assertEquals(0, first.exitCode(), first.err());
        List<List<String>> rows = rows();
        assertEquals(2 * MODES.size() * STEPS.size(), rows.size());
        Map<String, List<Integer>> steps = new TreeMap<>();
        Set<List<String>> keys = new HashSet<>();
        for (List<String> r : rows) {
            assertTrue(keys.add(r.subList(0, 4)), "duplicate row " + r);
            assertEquals("" + POOL, r.get(0));
            steps.computeIfAbsent(r.get(1) + "/" + r.get(2), k -> new ArrayList<>()).add(Integer.parseInt(r.get(3)));
        }
        assertEquals(6, steps.size(), "two seeds x three modes: " + steps.keySet());
        for (String seed : List.of("0", "1")) {
            for (String mode : MODES) {
                List<Integer> got = steps.get(seed + "/" + mode);
                got.sort(null); // a resumed run appends recomputed rows at the end
                assertEquals(STEPS, got, seed + "/" + mode);
            }
        }
        assertEquals(rows.size() + 6 + 2, firstCells, "one cell per row, per summary and per round 1");
        List<List<String>> round1 = ResultTable.read(run.resolve(TransferExperiment.ROUND1_FILE),
                TransferExperiment.ROUND1_COLUMNS);
        assertEquals(2, round1.size());
        for (List<String> r : round1) {
            assertEquals(AcquisitionTransfer.BATCH_SIZE, r.get(2).split(" ").length, "acquired batch " + r);
            assertEquals(row(rows, r.get(1), "continue", 0).get(6), r.get(3), "greedy JMI on round 2");
            for (int c = 5; c <= 6; c++) {
                double jsd = Double.parseDouble(r.get(c));
                assertTrue(jsd >= 0 && jsd <= Math.log(2) + 1e-12, "round-1 JSD in [0, ln 2]: " + r);
            }
        }
        List<List<String>> summary = ResultTable.read(run.resolve(TransferExperiment.SUMMARY_FILE),
                TransferExperiment.SUMMARY_COLUMNS);
        assertEquals(6, summary.size());
        for (List<String> s : summary) {
            String first = "";
            for (int step : STEPS) {
                double jsd = Double.parseDouble(row(rows, s.get(1), s.get(2), step).get(4));
                if (jsd <= TransferExperiment.JSD_TARGET) {
                    first = "" + step;
                    break;
                }
            }
            assertEquals(first, s.get(5), "steps to the target of " + s);
            List<String> zero = row(rows, s.get(1), s.get(2), 0);
            assertEquals(zero.get(4), s.get(6), "zero-shot JSD");
            assertEquals(zero.get(7), s.get(7), "zero-shot ratio");
            assertEquals(row(rows, s.get(1), s.get(2), 5).get(4), s.get(8), "final JSD");
        }
    }

    @Test
    void valuesObeyInvariantsAndMatchIndependentComputations() {
        List<List<String>> rows = rows();
        for (List<String> r : rows) {
            double jsd = Double.parseDouble(r.get(4));
            assertTrue(jsd >= 0 && jsd <= Math.log(2) + 1e-12, "JSD in [0, ln 2]: " + r);
            double best = Double.parseDouble(r.get(5));
            double greedy = Double.parseDouble(r.get(6));
            assertTrue(best > 0 && greedy > 0, r.toString());
            assertEquals(best / greedy, Double.parseDouble(r.get(7)), 1e-12);
        }
        for (long seed : new long[]{0, 1}) {
            PolicyArchitecture architecture = new PolicyArchitecture(HIDDEN, 2, BenchConfig.DEFAULT_INPUT_FEATURES);
            AcquisitionProblem round2 = new AcquisitionTransfer(POOL, architecture, seed).round2();
            assertEquals(POOL - AcquisitionTransfer.BATCH_SIZE, round2.poolSize());
            double greedy = round2.reward().value(new GreedyBatchBald().select(round2, AcquisitionTransfer.BATCH_SIZE,
                    new SplittableRandom(0)));
            // A fresh network as the re-initialised mode builds it (standardised round-2 pool, seed + 4).
            PolicyNetwork fresh = new PolicyNetwork(PoolStandardizer.standardize(round2.poolFeatures()),
                    architecture, AcquisitionTransfer.BATCH_SIZE,
                    DataType.FLOAT, new SplittableRandom(seed + 4), false);
            SetIndexer idx = new SetIndexer(round2.poolSize(), AcquisitionTransfer.BATCH_SIZE);
            double[] p = SetDistributions.policyDistribution(fresh.snapshot(), idx);
            double[] q = new double[idx.count()];
            double z = 0;
            for (int s = 0; s < q.length; s++) {
                q[s] = Math.exp(round2.reward().value(idx.unrank(s)) / AcquisitionTransfer.TEMPERATURE);
                z += q[s];
            }
            double jsd = 0;
            for (int s = 0; s < q.length; s++) {
                q[s] /= z;
                double m = 0.5 * (p[s] + q[s]);
                jsd += 0.5 * (p[s] > 0 ? p[s] * Math.log(p[s] / m) : 0) + 0.5 * (q[s] > 0 ? q[s] * Math.log(q[s] / m) : 0);
            }
            for (String mode : MODES) {
                assertEquals(greedy, Double.parseDouble(row(rows, "" + seed, mode, 0).get(6)), 1e-12,
                        "greedy JMI on round 2, seed " + seed);
            }
            assertEquals(jsd, Double.parseDouble(row(rows, "" + seed, "reinitialise", 0).get(4)), 1e-6,
                    "zero-shot JSD of the re-initialised policy, seed " + seed);
        }
    }

    @Test
    void rerunningSkipsFinishedCellsAndRecomputesOnlyDeletedRows() throws IOException {
        List<List<String>> before = rows();
        AtomicInteger cells = new AtomicInteger();
        BenchCli.Result again = BenchCli.run((t, k) -> cells.incrementAndGet(), args());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(0, cells.get(), "nothing recorded again");
        assertEquals(before, rows(), "rows unchanged");

        // Delete two rows: one inside seed 1's continue curve, the last of seed 0's lookahead curve.
        Path file = run.resolve(TransferExperiment.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        int n = lines.size();
        lines.removeIf(l -> l.startsWith(POOL + ",1,continue,2,") || l.startsWith(POOL + ",0,lookahead,5,"));
        assertEquals(n - 2, lines.size());
        Files.write(file, lines, StandardCharsets.UTF_8);
        List<List<String>> recorded = new ArrayList<>();
        BenchCli.Result resumed = BenchCli.run((t, k) -> recorded.add(k), args());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(Set.of(List.of("" + POOL, "1", "continue", "2"), List.of("" + POOL, "0", "lookahead", "5")),
                new HashSet<>(recorded), "only the deleted rows are recorded (the summary is unchanged)");
        assertEquals(2, recorded.size());
        assertEquals(withoutSeconds(before), withoutSeconds(rows()), "recomputed rows equal the deleted ones");
    }

    @Test
    void reportHasTheTransferSectionAndPlot() throws IOException {
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("## Transfer across an acquisition"), report);
        assertTrue(report.contains("](transfer_jsd_pool8.png)"), report);
        assertTrue(report.contains("| 8 | 1 | lookahead |"), report);
        assertTrue(report.contains("transfer: pool 8, steps to JSD"), report);
        assertTrue(Files.size(run.resolve("transfer_jsd_pool8.png")) > 1000);
        assertTrue(Files.readString(run.resolve("transfer_jsd_pool8.svg")).contains("<svg"));
    }

    @Test
    void rejectsBadTransferSettings() {
        BenchCli.Result r = BenchCli.run("bench", "transfer", "--out", out.toString(), "--transfer-pool-sizes", "5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("transfer pool size must be in [7, 60]"), r.err());
        r = BenchCli.run("bench", "transfer", "--out", out.toString(), "--transfer-pool-sizes", "20,50",
                "--transfer-seeds", "1,2,3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("one per transfer pool size (2), got 3"), r.err());
    }

    private static List<String> row(List<List<String>> rows, String seed, String mode, int step) {
        for (List<String> r : rows) {
            if (r.get(1).equals(seed) && r.get(2).equals(mode) && r.get(3).equals("" + step)) {
                return r;
            }
        }
        throw new AssertionError("no row " + seed + "/" + mode + "/" + step);
    }

    /** Rows without the wall-clock column, sorted. */
    private static List<String> withoutSeconds(List<List<String>> rows) {
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) {
            out.add(String.join(",", r.subList(0, r.size() - 1)));
        }
        out.sort(null);
        return out;
    }
}
