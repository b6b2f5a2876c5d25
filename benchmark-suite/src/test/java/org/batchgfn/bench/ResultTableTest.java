package org.batchgfn.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultTableTest {

    static final List<String> COLUMNS = List.of("strategy", "round", "value", "note");

    @TempDir
    Path dir;

    @Test
    void recordsCellsReadsThemBackAndReplacesInsteadOfDuplicating() {
        Path f = dir.resolve("t.csv");
        ResultTable t = new ResultTable(f, COLUMNS, 2);
        t.record(List.of(List.of("a", 0, 1.5, "x, with comma"), List.of("a", 0, 2.5, "\"quoted\"")));
        t.record(List.of(List.of("b", 1, 0.1, "")));
        assertTrue(t.has("a", 0));
        assertTrue(t.has("b", 1));
        assertFalse(t.has("b", 0));
        ResultTable reopened = new ResultTable(f, COLUMNS, 2);
        assertEquals(List.of(List.of("a", "0", "1.5", "x, with comma"), List.of("a", "0", "2.5", "\"quoted\""),
                List.of("b", "1", "0.1", "")), reopened.rows());
        reopened.record(List.of(List.of("a", 0, 9.0, "again")));
        assertEquals(List.of(List.of("b", "1", "0.1", ""), List.of("a", "0", "9.0", "again")),
                ResultTable.read(f, COLUMNS));
        assertFalse(Files.exists(dir.resolve(".t.csv.tmp")));
    }

    @Test
    void staleTemporaryFileFromAKilledWriteIsIgnoredAndOverwritten() throws Exception {
        Path f = dir.resolve("t.csv");
        new ResultTable(f, COLUMNS, 1).record(List.of(List.of("a", 0, 1.0, "")));
        Files.writeString(dir.resolve(".t.csv.tmp"), "strategy,round,val");
        ResultTable t = new ResultTable(f, COLUMNS, 1);
        assertEquals(1, t.rows().size());
        t.record(List.of(List.of("b", 0, 1.0, "")));
        assertEquals(2, ResultTable.read(f, COLUMNS).size());
    }

    @Test
    void rejectsMalformedCellsAndForeignFiles() throws Exception {
        ResultTable t = new ResultTable(dir.resolve("t.csv"), COLUMNS, 2);
        assertThrows(IllegalArgumentException.class, () -> t.record(List.of(List.of("a", 0, 1.0))));
        assertThrows(IllegalArgumentException.class,
                () -> t.record(List.of(List.of("a", 0, 1.0, ""), List.of("a", 1, 1.0, ""))));
        assertThrows(IllegalArgumentException.class, () -> t.record(List.of()));
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "x,y\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResultTable(other, COLUMNS, 1));
        assertTrue(e.getMessage().contains("other.csv has columns [x, y]"), e.getMessage());
    }
}
