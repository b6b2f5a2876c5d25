package org.batchgfn.cli;

import org.batchgfn.bench.ActiveLearningExperiment;
import org.batchgfn.bench.GpFitExperiment;
import org.batchgfn.bench.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench --data FILE --target COL}: a 70/30 pool/test split of the file's rows drives the experiments. */
class BenchCsvDataTest {

    @TempDir
    Path dir;

    @Test
    void csvIsSplitSeventyThirtyAndUsedAsPoolAndTestSet() throws Exception {
        StringBuilder csv = new StringBuilder("u,v,target\n");
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < 80; i++) {
            double u = rng.nextDouble(-2, 2);
            double v = rng.nextDouble(-2, 2);
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", u, v, Math.sin(u) + 0.5 * v));
        }
        Path file = dir.resolve("plane.csv");
        Files.writeString(file, csv);
        BenchCli.Result r = BenchCli.run("bench", "al", "gp", "--out", dir.toString(), "--run", "csv",
                "--data", file.toString(), "--target", "target", "--seed-set-size", "5", "-B", "4", "--rounds", "2",
                "--seed-sets", "1", "--training-steps", "4", "--hidden-width", "8", "--samples", "2",
                "--gp-epochs", "20", "--gp-fit-size", "1000");
        assertEquals(0, r.exitCode(), r.err());
        Path run = dir.resolve("csv");
        List<List<String>> gp = ResultTable.read(run.resolve(GpFitExperiment.FILE), GpFitExperiment.COLUMNS);
        assertEquals("56", gp.get(0).get(0), "70% of 80 rows are the pool (the fit uses all of it)");
        assertEquals("24", gp.get(0).get(1), "30% of 80 rows are the test set");
        for (List<String> row : ResultTable.read(run.resolve(ActiveLearningExperiment.FILE),
                ActiveLearningExperiment.COLUMNS)) {
            for (String p : row.get(10).isEmpty() ? new String[0] : row.get(10).split(" ")) {
                assertTrue(Integer.parseInt(p) < 56, "chosen rows index the pool split");
            }
        }
        String config = Files.readString(run.resolve("config.txt"));
        assertTrue(config.contains("target = target") && config.contains("test_fraction = 0.3"), config);
        assertTrue(Files.readString(run.resolve("report.md")).contains("plane.csv"));
    }

    @Test
    void shippedDatasetByNameIsSplitLikeACsvAndCappedAtThePoolAndTestSizes() throws Exception {
        // engel: 235 rows, 1 feature; 30% (71) held out, the pool split (164) capped at 40, the test split at 30.
        BenchCli.Result r = BenchCli.run("bench", "al", "gp", "--out", dir.toString(), "--dataset", "engel",
                "--pool-size", "40", "--test-size", "30", "--seed-set-size", "5", "-B", "4", "--rounds", "1",
                "--seed-sets", "1", "--training-steps", "4", "--carried-steps", "2", "--hidden-width", "8",
                "--samples", "2", "--gp-epochs", "20", "--gp-fit-size", "1000");
        assertEquals(0, r.exitCode(), r.err());
        try (var runs = Files.list(dir)) {
            Path run = runs.findFirst().orElseThrow();
            assertTrue(run.getFileName().toString().matches("engel-[0-9a-f]{10}"), run.toString());
            List<List<String>> gp = ResultTable.read(run.resolve(GpFitExperiment.FILE), GpFitExperiment.COLUMNS);
            assertEquals("40", gp.get(0).get(0), "pool capped at --pool-size");
            assertEquals("30", gp.get(0).get(1), "test set capped at --test-size");
            String config = Files.readString(run.resolve("config.txt"));
            assertTrue(config.contains("data = dataset engel") && config.contains("max_pool_size = 40"), config);
            assertTrue(Files.readString(run.resolve("report.md")).contains("engel (target "), "data source named");
        }
    }
}
