package org.batchgfn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers only ever see the old content or the complete new one: the bytes go to a temporary
 * file in the same directory, which is flushed to disk and then renamed over the target (atomically where the file
 * system can). A process killed at any moment, an exception in the middle or a full disk leaves the old file as it
 * was and no temporary file behind (a hard kill can leave a {@code .NAME.*.tmp} file, never a torn target).
 */
final class AtomicFile {

    /** Writes the content of a file. */
    @FunctionalInterface
    interface Content {
        /**
         * @param out where the content goes (not to be closed)
         * @throws IOException if it cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * @param file   the target
     * @param option the command-line option that named it, for messages (e.g. {@code --state})
     * @param bytes  the new content
     * @throws IllegalArgumentException if the directory does not exist
     * @throws UncheckedIOException     naming the file if it cannot be written
     */
    static void write(Path file, String option, byte[] bytes) {
        write(file, option, out -> out.write(bytes));
    }

    /**
     * @param file    the target
     * @param option  the command-line option that named it, for messages
     * @param content writes the new content; if it throws, the target is left untouched
     * @throws IllegalArgumentException if the directory does not exist
     * @throws UncheckedIOException     naming the file if it cannot be written (also when {@code content} failed)
     */
    static void write(Path file, String option, Content content) {
        Path target = file.toAbsolutePath();
        checkDirectory(file, option);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one to report
                }
            }
            if (e instanceof RuntimeException r && !(r instanceof UncheckedIOException)) {
                throw r;
            }
            throw new UncheckedIOException("cannot write " + option + " file " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /**
     * Checks before a long computation that the file's directory exists, so the result is not lost at the end.
     *
     * @throws IllegalArgumentException naming the option and directory otherwise
     */
    static void checkDirectory(Path file, String option) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot write " + option + " file " + file + ": directory " + dir
                    + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " file " + file + " is a directory");
        }
    }
}
