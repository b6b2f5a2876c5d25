package org.batchgfn.cli;

import org.batchgfn.bench.ResultTable;
import org.batchgfn.bench.SuiteExperiment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code batchgfn bench suite} at a tiny scale (toy task and macrodata, 9 strategies, 2 seed sets, 2 rounds): every
 * cell is recorded once, the ranking equals one recomputed here from the data sets' CSV files, and a run
 * interrupted in the middle of a data set resumes to exactly the uninterrupted rows.
 */
class BenchSuiteTest {

    private static final List<String> STRATEGIES = List.of("random", "bald", "stochastic-bald", "batchbald",
            "batchgfn", "maxdist", "kmeanspp", "lcmd", "bait");
    private static final List<String> DATASETS = List.of("toy", "macrodata");

    @TempDir
    static Path root;
    static int totalCells;

    private static String[] args(Path out) {
        return new String[]{"bench", "suite", "--datasets", "toy,macrodata", "--pool-size", "40", "--test-size", "30",
            "--seed-set-size", "5", "-B", "3", "--rounds", "2", "--seed-sets", "2", "--gp-epochs", "30",
            "--training-steps", "5", "--hidden-width", "8", "--samples", "2", "--out", out.toString(), "--run",
            "tiny"};
    }

    @BeforeAll
    static void uninterrupted() {
        AtomicInteger cells = new AtomicInteger();
        BenchCli.Result r = BenchCli.run((t, k) -> cells.incrementAndGet(), args(root.resolve("reference")));
        assertEquals(0, r.exitCode(), r.err());
        totalCells = cells.get();
    }

    private static List<List<String>> rows(Path run, String ds) {
        return ResultTable.read(run.resolve(ds).resolve(SuiteExperiment.FILE), SuiteExperiment.COLUMNS);
    }

    @Test
    void everyStrategyDataSetSeedSetAndRoundIsRecordedOnce() {
        assertEquals(2 * 9 * 2 * 3, totalCells);
        Path run = root.resolve("reference").resolve("tiny");
        for (String ds : DATASETS) {
            List<List<String>> rows = rows(run, ds);
            assertEquals(9 * 2 * 3, rows.size(), ds);
            for (String s : STRATEGIES) {
                assertEquals(6, rows.stream().filter(r -> r.get(0).equals(s)).count(), ds + " " + s);
            }
        }
    }

    /** Mean over (data set, seed set) × rounds 1..R of log error; s.e. over seed sets of per-seed-set means. */
    @Test
    void rankingEqualsAnIndependentRecomputationFromTheCsvFiles() throws IOException {
        Path run = root.resolve("reference").resolve("tiny");
        List<List<String>> ranking = ResultTable.read(run.resolve("ranking.csv"), List.of("metric", "strategy",
                "pairs", "mean_log_error", "std_err", "vs_random", "vs_batchbald"));
        assertEquals(3 * 9, ranking.size());
        Map<String, Integer> column = Map.of("test_rmse", 4, "test_mae", 5, "test_max_error", 6);
        for (String metric : column.keySet()) {
            Map<String, Double> means = new HashMap<>();
            Map<String, Double> errors = new HashMap<>();
            for (String s : STRATEGIES) {
                Map<String, List<Double>> bySeed = new TreeMap<>();
                List<Double> pairMeans = new ArrayList<>();
                for (String ds : DATASETS) {
                    for (String seed : List.of("0", "1")) {
                        double sum = 0;
                        int n = 0;
                        for (List<String> r : rows(run, ds)) {
                            if (r.get(0).equals(s) && r.get(1).equals(seed) && !r.get(2).equals("0")) {
                                sum += Math.log(Double.parseDouble(r.get(column.get(metric))));
                                n++;
                            }
                        }
                        assertEquals(2, n);
                        pairMeans.add(sum / n);
                        bySeed.computeIfAbsent(seed, k -> new ArrayList<>()).add(sum / n);
                    }
                }
                means.put(s, pairMeans.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
                double a = bySeed.get("0").stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double b = bySeed.get("1").stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                errors.put(s, Math.abs(a - b) / 2); // two values: sd/√2 = |a − b|/√2/√2
            }
            List<List<String>> block = ranking.stream().filter(r -> r.get(0).equals(metric)).toList();
            for (int i = 0; i < block.size(); i++) {
                List<String> r = block.get(i);
                String s = r.get(1);
                assertEquals("4", r.get(2));
                assertEquals(means.get(s), Double.parseDouble(r.get(3)), 1e-12, metric + " " + s);
                assertEquals(errors.get(s), Double.parseDouble(r.get(4)), 1e-12, metric + " " + s);
                assertEquals(Math.exp(means.get(s) - means.get("random")) - 1, Double.parseDouble(r.get(5)), 1e-12);
                assertEquals(Math.exp(means.get(s) - means.get("batchbald")) - 1, Double.parseDouble(r.get(6)),
                        1e-12);
                if (i > 0) {
                    assertTrue(Double.parseDouble(block.get(i - 1).get(3)) <= Double.parseDouble(r.get(3)),
                            "sorted best first");
                }
            }
        }
        String report = Files.readString(run.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(report.contains("## Ranking") && report.contains("## Data set macrodata")
                && report.contains("## Data set toy"), report);
        assertTrue(Files.exists(run.resolve("suite_ranking.png")) && Files.exists(run.resolve("macrodata_rmse.svg")));
    }

    @Test
    void anInterruptedSuiteResumesToTheUninterruptedRows() {
        Path out = root.resolve("cut");
        int k = 80; // inside macrodata's trajectories
        AtomicInteger cells = new AtomicInteger();
        BenchCli.Result first = BenchCli.run((t, key) -> {
            if (cells.incrementAndGet() == k) {
                throw new UncheckedIOException("simulated interruption after cell " + k,
                        new IOException("interrupted"));
            }
        }, args(out));
        assertEquals(1, first.exitCode(), "interrupted run fails");
        AtomicInteger resumed = new AtomicInteger();
        BenchCli.Result second = BenchCli.run((t, key) -> resumed.incrementAndGet(), args(out));
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(totalCells - k, resumed.get(), "only the missing cells are run");
        for (String ds : DATASETS) {
            assertEquals(comparable(rows(root.resolve("reference").resolve("tiny"), ds)),
                    comparable(rows(out.resolve("tiny"), ds)), ds);
        }
    }

    /** Rows without the wall-clock columns (acquisition and GP seconds), sorted. */
    private static List<String> comparable(List<List<String>> rows) {
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> c = new ArrayList<>(r);
            c.remove(10);
            c.remove(9);
            out.add(String.join(",", c));
        }
        out.sort(null);
        return out;
    }
}
