package org.batchgfn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a command's CSV result goes: standard output, or the {@code --out} file, written atomically (a temporary
 * file in the same directory, then an atomic rename over the target) so that an interrupted run or a full disk
 * never leaves a half-written file and an existing file is either kept or fully replaced.
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
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    void write(String text, PrintWriter stdout) {
        if (file == null) {
            stdout.print(text);
            stdout.flush();
            return;
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot write --out file " + file + ": directory " + dir
                    + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one to report
                }
            }
            throw new UncheckedIOException("cannot write --out file " + file + ": " + e, e);
        }
    }
}
