package org.batchgfn.bench;

import java.util.List;

/**
 * The active-learning experiment of {@code bench suite} on one data set: every strategy of
 * {@link BenchStrategies#suite} from the same seed sets, one row per (strategy, seed set, round) in the data set's
 * {@code al.csv}, with test RMSE, MAE and maximum absolute error (the reference benchmark's three metrics). Resumable
 * like the paper's {@code al} experiment ({@link ActiveLearningTrajectories}).
 */
public final class SuiteExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "suite";
    /** The results file in each data set's folder. */
    public static final String FILE = "al.csv";
    /** Its columns; the first three identify a cell. */
    public static final List<String> COLUMNS = List.of("strategy", "seed_set", "round", "labels", "test_rmse",
            "test_mae", "test_max_error", "test_nll", "batch_jmi", "acquisition_seconds", "gp_training_seconds",
            "chosen_pool_rows");

    private final String dataset;

    /** @param dataset the data set's name, for the progress bar */
    public SuiteExperiment(String dataset) {
        this.dataset = dataset;
    }

    /** @return nothing per data set: the suite reports across data sets ({@link SuiteReport}) */
    @Override
    public ReportSection report() {
        return page -> { };
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchRun run) {
        ActiveLearningTrajectories.runAll(run, dataset, FILE, COLUMNS,
                BenchStrategies.trajectories(BenchStrategies.suite(run.config()), run.config()),
                (name, s, seedSet, r) -> List.of(name, seedSet, r.round(), r.labels(), r.testRmse(), r.testMae(),
                        r.testMaxError(), r.testNll(), r.batchJmi(), r.acquisitionSeconds(), r.trainingSeconds(),
                        ActiveLearningTrajectories.joinRows(r.chosenPoolIndices())));
    }
}
