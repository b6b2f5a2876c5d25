package org.batchgfn.bench;

import java.util.List;

/**
 * Paper Fig. 4: test RMSE and NLL of the GP against the number of labels, for every strategy, over several seed
 * sets (all strategies start from the same seed sets). One row per (strategy, seed set, round) in {@code al.csv}.
 */
public final class ActiveLearningExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "al";
    /** The results file. */
    public static final String FILE = "al.csv";
    /** Its columns; the first three identify a cell. */
    public static final List<String> COLUMNS = List.of("strategy", "seed_set", "round", "labels", "test_rmse",
            "test_nll", "test_mae", "batch_jmi", "acquisition_seconds", "gp_training_seconds", "chosen_pool_rows");

    @Override
    public ReportSection report() {
        return new ActiveLearningReport();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchRun run) {
        ActiveLearningTrajectories.runAll(run, "al", FILE, COLUMNS,
                BenchStrategies.activeLearning(run.config(), false), (s, seedSet, r) -> List.of(s.name(), seedSet,
                        r.round(), r.labels(), r.testRmse(), r.testNll(), r.testMae(), r.batchJmi(),
                        r.acquisitionSeconds(), r.trainingSeconds(),
                        ActiveLearningTrajectories.joinRows(r.chosenPoolIndices())));
    }
}
