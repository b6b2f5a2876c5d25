package org.batchgfn.bench;

/**
 * One of the benchmark's experiments. It writes its results as cells of {@link ResultTable}s in the run folder and
 * skips cells already recorded, so running it again after an interruption finishes the missing work only.
 */
public interface Experiment {

    /** @return the name used on the command line and in file names */
    String name();

    /**
     * Runs whatever cells of the experiment are missing.
     *
     * @param run the run's configuration, data, folder and tables
     */
    void run(BenchRun run);

    /**
     * @return the experiment's section of {@code report.md}, written from its own results files (read by column
     *         name); it writes nothing when they hold no results
     */
    ReportSection report();
}
