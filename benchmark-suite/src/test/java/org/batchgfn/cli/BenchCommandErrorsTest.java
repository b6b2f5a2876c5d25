package org.batchgfn.cli;

import org.batchgfn.bench.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to {@code batchgfn bench} gets a clear one-line message and the documented exit code. */
class BenchCommandErrorsTest {

    @TempDir
    Path dir;

    private static void assertNoStackTrace(BenchCli.Result r) {
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void missingCsvTargetColumnNamesFileAndColumn() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.writeString(csv, "a,b,y\n1,2,3\n4,5,6\n");
        BenchCli.Result r = BenchCli.run("bench", "gp", "--out", dir.toString(), "--data", csv.toString(),
                "--target", "price");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("price") && r.err().contains("data.csv"), r.err());
        assertNoStackTrace(r);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no run folder is left behind for bad data");
        }
    }

    @Test
    void missingCsvFileIsReported() {
        BenchCli.Result r = BenchCli.run("bench", "--out", dir.toString(), "--data",
                dir.resolve("nope.csv").toString(), "--target", "y");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope.csv"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void csvTooSmallToSplitIsReported() throws Exception {
        Path csv = dir.resolve("small.csv");
        Files.writeString(csv, "x,y\n1,2\n2,3\n3,4\n4,5\n");
        BenchCli.Result r = BenchCli.run("bench", "al", "--out", dir.toString(), "--data", csv.toString(),
                "--target", "y");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("small.csv has 4 data rows"), r.err());
    }

    @Test
    void dataWithoutTargetIsAUsageError() {
        BenchCli.Result r = BenchCli.run("bench", "--out", dir.toString(), "--data", "x.csv");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--data and --target go together"), r.err());
    }

    @Test
    void badOptionValuesAreUsageErrorsNamingTheSetting() {
        BenchCli.Result r = BenchCli.run("bench", "--out", dir.toString(), "-B", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("batch size must be >= 1, got 0"), r.err());

        r = BenchCli.run("bench", "--out", dir.toString(), "--jmi-temperatures", "1,-0.5");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("jmi temperature must be finite and > 0, got -0.5"), r.err());

        r = BenchCli.run("bench", "--out", dir.toString(), "--threads", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--threads must be >= 1, got 0"), r.err());

        r = BenchCli.run("bench", "--out", dir.toString(), "--fourier-features", "-1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("number of Fourier features must be >= 0, got -1"), r.err());
        assertNoStackTrace(r);

        r = BenchCli.run("bench", "--out", dir.toString(), "--fourier-scale", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Fourier feature scale must be finite and > 0, got 0.0"), r.err());

        r = BenchCli.run("bench", "--out", dir.toString(), "--rounds", "many");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--rounds"), r.err());
    }

    @Test
    void unknownDatasetNameListsTheShippedOnes() {
        BenchCli.Result r = BenchCli.run("bench", "al", "--out", dir.toString(), "--dataset", "boston");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown data set 'boston'; choose from diabetes, engel, fair, randhie, macrodata"),
                r.err());
        assertNoStackTrace(r);
        r = BenchCli.run("bench", "al", "--out", dir.toString(), "--dataset", "engel", "--data", "x.csv",
                "--target", "y");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--dataset and --data exclude each other"), r.err());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no run folder is left behind");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badCarryOverCountsAreUsageErrors() {
        BenchCli.Result r = BenchCli.run("bench", "--out", dir.toString(), "--carried-steps", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("carried steps must be >= 1, got 0"), r.err());
        r = BenchCli.run("bench", "--out", dir.toString(), "--lookaheads", "-1");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("lookaheads must be >= 0, got -1"), r.err());
    }

    @Test
    void unknownExperimentListsTheKnownOnes() {
        BenchCli.Result r = BenchCli.run("bench", "--out", dir.toString(), "figure9");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("unknown experiment 'figure9'; choose from [gp, fidelity, jmi, al, speed, transfer]"),
                r.err());
    }

    @Test
    void lockedRunIsRefusedWithOneLine() throws Exception {
        Path run = dir.resolve("busy");
        Files.createDirectories(run);
        try (RunLock held = RunLock.acquire(run)) {
            BenchCli.Result r = BenchCli.run("bench", "gp", "--out", dir.toString(), "--run", "busy");
            assertEquals(1, r.exitCode());
            assertTrue(r.err().contains("is in use by another batchgfn bench process"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void runFolderOfAnotherConfigurationIsRefused() {
        BenchCli.Result first = BenchCli.run("bench", "gp", "--out", dir.toString(), "--run", "mine",
                "--gp-fit-size", "20", "--gp-epochs", "5");
        assertEquals(0, first.exitCode(), first.err());
        BenchCli.Result second = BenchCli.run("bench", "gp", "--out", dir.toString(), "--run", "mine",
                "--gp-fit-size", "21", "--gp-epochs", "5");
        assertEquals(1, second.exitCode());
        assertTrue(second.err().contains("was started with a different configuration"), second.err());
        assertNoStackTrace(second);
    }
}
