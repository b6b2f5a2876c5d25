package org.batchgfn.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a command's CSV result goes: standard output, or the {@code --out} file, written atomically
 * ({@link AtomicFile}) so that an interrupted run or a full disk never leaves a half-written file and an existing
 * file is either kept or fully replaced.
 */
final class CommandOutput {

    private final Path file;

    /**
     * @param file the {@code --out} file, or {@code null} for standard output
     */
    CommandOutput(Path file) {
        this.file = file;
    }

    /** @return true if the result goes to a file rather than standard output */
    boolean toFile() {
        return file != null;
    }

    /**
     * Writes the text to the file (atomically) or to {@code stdout}.
     *
     * @param text   the whole result, lines ended by {@code \n}
     * @param stdout standard output
     * @throws java.io.UncheckedIOException naming the file if it cannot be written
     */
    void write(String text, PrintWriter stdout) {
        if (file == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        AtomicFile.write(file, "--out", text.getBytes(StandardCharsets.UTF_8));
    }
}
