package org.batchgfn.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code --run} rule of {@code bench} and {@code bench suite}, and both commands' messages for a bad name. */
class RunFolderNameTest {

    @Test
    void plainNamesPassAndNullTakesTheConfigurationsName() {
        assertEquals("mine", RunFolderName.of("mine", "toy-0123456789"));
        assertEquals("toy-0123456789", RunFolderName.of(null, "toy-0123456789"));
    }

    @Test
    void pathsHiddenAndBlankNamesAreRefused() {
        for (String bad : new String[]{"../up", "a/b", "a\\b", ".hidden", " "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RunFolderName.of(bad, "toy-0123456789"), bad);
            assertEquals("--run must be a plain folder name, got '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void bothCommandsReportABadRunName() {
        for (String[] args : new String[][]{{"bench", "gp", "--run", "../x"}, {"bench", "suite", "--run", "../x"}}) {
            Run r = Run.run((Object[]) args);
            assertTrue(r.exitCode() != 0, String.join(" ", args));
            assertTrue(r.err().contains("--run must be a plain folder name, got '../x'"), r.err());
        }
    }
}
