package org.batchgfn.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Drops the {@code "Added differentiated op ..."} lines that ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction}
 * prints to {@code System.out} unconditionally (a bare {@code println}, not a logger, so no log configuration can
 * silence it) each time a policy network builds its gradient graph; every other line passes through unchanged.
 * Installed around a benchmark run by {@link #install()} and removed by {@link Installed#close()}.
 */
public final class SameDiffLogFilter extends OutputStream {

    private static final String PREFIX = "Added differentiated op ";

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private SameDiffLogFilter(PrintStream target) {
        this.target = target;
    }

    /** Restores the original {@code System.out} when closed. */
    public static final class Installed implements AutoCloseable {
        private final PrintStream original;

        private Installed(PrintStream original) {
            this.original = original;
        }

        @Override
        public void close() {
            PrintStream filtered = System.out;
            System.setOut(original);
            filtered.close(); // emits a pending partial line; never closes the original stream

        }
    }

    /**
     * Replaces {@code System.out} with a filtered stream.
     *
     * @return a handle that restores the original stream
     */
    public static Installed install() {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new SameDiffLogFilter(original), true, StandardCharsets.UTF_8));
        return new Installed(original);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void flush() {
        // Only complete lines are judged; a partial line waits for its newline (or close).
        target.flush();
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
        target.flush();
    }

    private void emit() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!s.startsWith(PREFIX)) {
            target.print(s);
        }
    }
}
