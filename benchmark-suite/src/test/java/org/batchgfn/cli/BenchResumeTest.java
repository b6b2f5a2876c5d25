package org.batchgfn.cli;

import org.batchgfn.bench.ActiveLearningExperiment;
import org.batchgfn.bench.FidelityExperiment;
import org.batchgfn.bench.GpFitExperiment;
import org.batchgfn.bench.JmiExperiment;
import org.batchgfn.bench.ResultTable;
import org.batchgfn.bench.SpeedExperiment;
import org.batchgfn.bench.TransferExperiment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupts {@code batchgfn bench} right after its k-th recorded cell (for several k: inside the fidelity pair of
 * files, inside the jmi experiment, in the middle of an active-learning trajectory, inside the speed experiment,
 * inside a transfer curve; in the middle of an amortised BatchGFN trajectory, which is recomputed from its seed set),
 * reruns the same command, and checks every results file holds exactly the rows of an uninterrupted run: no lost
 * row, no duplicated row, and the same values (wall-clock columns aside), so resumed trajectories make the same
 * choices.
 */
class BenchResumeTest {

    /** Results files and the columns that are wall-clock times (not reproducible). */
    static final Map<String, List<String>> FILES = Map.of(
            ActiveLearningExperiment.FILE, ActiveLearningExperiment.COLUMNS,
            SpeedExperiment.FILE, SpeedExperiment.COLUMNS,
            JmiExperiment.FILE, JmiExperiment.COLUMNS,
            FidelityExperiment.JSD_FILE, FidelityExperiment.JSD_COLUMNS,
            FidelityExperiment.SETS_FILE, FidelityExperiment.SET_COLUMNS,
            GpFitExperiment.FILE, GpFitExperiment.COLUMNS,
            TransferExperiment.FILE, TransferExperiment.COLUMNS,
            TransferExperiment.SUMMARY_FILE, TransferExperiment.SUMMARY_COLUMNS,
            TransferExperiment.ROUND1_FILE, TransferExperiment.ROUND1_COLUMNS);

    @TempDir
    static Path root;
    static Map<String, List<String>> reference;
    static int totalCells;

    @BeforeAll
    static void uninterrupted() {
        AtomicInteger cells = new AtomicInteger();
        BenchCli.Result r = BenchCli.run((t, k) -> cells.incrementAndGet(),
                args(root.resolve("reference")));
        assertEquals(0, r.exitCode(), r.err());
        totalCells = cells.get();
        reference = comparable(root.resolve("reference").resolve("tiny"));
    }

    @Test
    void resumingAfterAnInterruptionAtAnyOfSeveralCellsGivesTheUninterruptedRows() {
        // gp = 1, fidelity = 2 (jsd, sets), jmi = 5, al = 7 strategies x 3 rounds, speed = 5 x 2 cells,
        // transfer = round 1 + 3 modes x 3 steps + 3 summaries.
        assertEquals(52, totalCells, "cells of the tiny run");
        // Cuts: between fidelity's two files, inside jmi, after round 1 of batchgfn's al trajectory, after round 1 of
        // batchgfn-lookahead's (it carries its policy: the resumed run recomputes round 1 from the seed set, must find
        // the recorded batch, and continues from the recomputed policy), inside speed, inside transfer's continue
        // curve.
        for (int k : new int[]{2, 6, 22, 28, 36, 45}) {
            Path out = root.resolve("cut" + k);
            AtomicInteger cells = new AtomicInteger();
            BenchCli.Result first = BenchCli.run((t, key) -> {
                if (cells.incrementAndGet() == k) {
                    throw new UncheckedIOException("simulated interruption after cell " + k,
                            new java.io.IOException("interrupted"));
                }
            }, args(out));
            assertEquals(1, first.exitCode(), "interrupted run fails");
            assertTrue(first.err().contains("simulated interruption after cell " + k), first.err());
            AtomicInteger resumedCells = new AtomicInteger();
            BenchCli.Result second = BenchCli.run((t, key) -> resumedCells.incrementAndGet(),
                    args(out));
            assertEquals(0, second.exitCode(), second.err());
            // Cut 2 falls between the fidelity experiment's two files: its one cell is redone, rewriting the first.
            int redone = k == 2 ? 1 : 0;
            assertEquals(totalCells - k + redone, resumedCells.get(), "the resumed run records only missing cells");
            Map<String, List<String>> resumed = comparable(out.resolve("tiny"));
            for (String file : FILES.keySet()) {
                assertEquals(reference.get(file), resumed.get(file), file + " after resuming from cut " + k);
            }
        }
    }

    /** The tiny end-to-end configuration with one seed set and one jmi temperature, to keep the test short. */
    static String[] args(Path out) {
        return BenchEndToEndTest.tinyArgs(out, 1, "1");
    }

    /** Each file's rows without wall-clock columns, sorted, as one string per row. */
    static Map<String, List<String>> comparable(Path dir) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map.Entry<String, List<String>> f : FILES.entrySet()) {
            List<String> columns = f.getValue();
            List<String> rows = new ArrayList<>();
            for (List<String> r : ResultTable.read(dir.resolve(f.getKey()), columns)) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < columns.size(); i++) {
                    if (!columns.get(i).endsWith("seconds")) {
                        sb.append(r.get(i)).append(',');
                    }
                }
                rows.add(sb.toString());
            }
            Collections.sort(rows);
            out.put(f.getKey(), rows);
        }
        return out;
    }
}
