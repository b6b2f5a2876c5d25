package org.batchgfn.cli;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.train.StopReason;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for BatchGFN training on standard error: one line per phase, redrawn in place (carriage return) at
 * most twice a second, with steps done, a bar, elapsed seconds and the estimated time left, e.g.
 * {@code acquire: training  [#########.........]  900/2000 steps  12.1 s  ETA 14.8 s}; the phase's last state stays
 * on its line. A training phase that stops before its step count (time budget, convergence) ends its line with the
 * reason, e.g. {@code ... 1830/5000 steps  21.4 s  stopped: converged after 1830 steps, 21.4 s}.
 */
final class TrainingProgressLine implements BatchGfnAcquisition.ProgressListener {

    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintWriter err;
    private final String command;
    private final LongSupplier clock;
    private String phase;
    private int total;
    private int done;
    private long start;
    private long lastDraw;
    private int drawnDone = -1;
    private String stopNote = "";

    /**
     * @param err     standard error
     * @param command the command's name, the line's prefix
     * @param clock   nanosecond clock ({@code System::nanoTime}; tests pass their own)
     */
    TrainingProgressLine(PrintWriter err, String command, LongSupplier clock) {
        this.err = err;
        this.command = command;
        this.clock = clock;
    }

    @Override
    public void start(String newPhase, int totalSteps) {
        finish();
        phase = newPhase;
        total = totalSteps;
        done = 0;
        stopNote = "";
        start = clock.getAsLong();
        lastDraw = start;
        draw();
    }

    @Override
    public void step(int stepsDone) {
        done = stepsDone;
        long now = clock.getAsLong();
        if (now - lastDraw >= REDRAW_NANOS || done == total) {
            lastDraw = now;
            draw();
        }
    }

    @Override
    public void stopped(StopReason reason, int steps, double seconds) {
        if (reason != StopReason.STEPS) {
            done = steps;
            stopNote = String.format(Locale.ROOT, "  stopped: %s after %d steps, %.1f s", reason.label(), steps,
                    seconds);
            draw();
        }
    }

    /** Ends the current phase's line (after drawing its final state). */
    void finish() {
        if (phase != null) {
            if (drawnDone != done) {
                draw();
            }
            err.println();
            err.flush();
            phase = null;
        }
    }

    private void draw() {
        double elapsed = (clock.getAsLong() - start) / 1e9;
        int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
        String eta = !stopNote.isEmpty() ? stopNote : done == 0 || done >= total ? ""
                : String.format(Locale.ROOT, "  ETA %.1f s", elapsed / done * (total - done));
        err.printf(Locale.ROOT, "\r%s: %-9s [%s%s] %d/%d steps  %.1f s%s   ", command, phase, "#".repeat(filled),
                ".".repeat(BAR - filled), done, total, elapsed, eta);
        err.flush();
        drawnDone = done;
    }
}
