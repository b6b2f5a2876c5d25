package org.batchgfn.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Paper Fig. 4: test RMSE and NLL of the GP against the number of labels, for every strategy, over several seed
 * sets (all strategies start from the same seed sets), and what each round's batch cost. BatchGFN runs in its three
 * carry-over modes: {@code batchgfn} (a fresh policy each round), {@code batchgfn-continue} and
 * {@code batchgfn-lookahead} (the policy carried across the rounds of a seed set, trained only
 * {@link CarryOverConfig#carriedSteps()} after round 1; paper §3.2). One row per (strategy, seed set, round) in
 * {@code al.csv}.
 */
public final class ActiveLearningExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "al";
    /** The results file. */
    public static final String FILE = "al.csv";
    /**
     * Its columns; the first three identify a cell. The per-round cost of the batch: {@code acquisition_seconds}
     * (the whole choice, BatchGFN's training and lookahead included) and BatchGFN's training
     * ({@link RoundTraining#COLUMNS}).
     */
    public static final List<String> COLUMNS = columns();

    private static List<String> columns() {
        List<String> c = new ArrayList<>(List.of("strategy", "seed_set", "round", "labels", "test_rmse", "test_nll",
                "test_mae", "batch_jmi", "acquisition_seconds", "gp_training_seconds", "chosen_pool_rows"));
        c.addAll(RoundTraining.COLUMNS);
        return List.copyOf(c);
    }

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
                BenchStrategies.activeLearningTrajectories(run.config()), (name, s, seedSet, r) -> {
                    List<Object> row = new ArrayList<>(List.of(name, seedSet, r.round(), r.labels(), r.testRmse(),
                            r.testNll(), r.testMae(), r.batchJmi(), r.acquisitionSeconds(), r.trainingSeconds(),
                            ActiveLearningTrajectories.joinRows(r.chosenPoolIndices())));
                    row.addAll(RoundTraining.of(s, r));
                    return row;
                });
    }
}
