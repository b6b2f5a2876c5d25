package org.batchgfn.bench;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What an {@link Experiment} works with: the configuration, the data, the run folder, the result tables and
 * progress reporting. Every recorded cell goes through {@link #record}, which also tells the cell observer (a
 * hook tests use to interrupt a run after a given number of cells).
 */
public final class BenchRun {

    /** Called after each cell is safely on disk. */
    @FunctionalInterface
    public interface CellObserver {
        /**
         * @param table the table written
         * @param key   the cell's key values
         */
        void cellRecorded(ResultTable table, List<String> key);
    }

    private final BenchConfig config;
    private final BenchData data;
    private final Path dir;
    private final PrintStream console;
    private final CellObserver observer;

    /**
     * @param config   the configuration
     * @param data     pool and test set
     * @param dir      the run folder
     * @param console  where progress bars and messages go (standard error for the CLI)
     * @param observer told about every recorded cell
     */
    public BenchRun(BenchConfig config, BenchData data, Path dir, PrintStream console, CellObserver observer) {
        this.config = config;
        this.data = data;
        this.dir = dir;
        this.console = console;
        this.observer = observer;
    }

    /** @return the configuration */
    public BenchConfig config() {
        return config;
    }

    /** @return pool and test set */
    public BenchData data() {
        return data;
    }

    /** @return the run folder */
    public Path dir() {
        return dir;
    }

    /** @return where messages go */
    public PrintStream console() {
        return console;
    }

    /**
     * Opens a table of the run folder.
     *
     * @param file       file name, e.g. {@code al.csv}
     * @param header     its columns
     * @param keyColumns leading columns that identify a cell
     * @return the table with its recorded rows
     */
    public ResultTable table(String file, List<String> header, int keyColumns) {
        return new ResultTable(dir.resolve(file), header, keyColumns);
    }

    /**
     * Records a finished cell and tells the observer.
     *
     * @param table    the table
     * @param cellRows the cell's rows
     */
    public void record(ResultTable table, List<List<?>> cellRows) {
        table.record(cellRows);
        List<List<String>> rows = table.rows();
        observer.cellRecorded(table, rows.get(rows.size() - 1).subList(0, table.keyColumns()));
    }

    /**
     * A progress bar with rate and ETA on the console.
     *
     * @param task what is being done
     * @param max  total units of work
     * @return the bar; close it when done
     */
    public ProgressBar progress(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(console)).setUpdateIntervalMillis(500)
                .setSpeedUnit(ChronoUnit.SECONDS).showSpeed().setMaxRenderedLength(110)
                .build();
    }
}
