package org.batchgfn.bench;

import me.tongfei.progressbar.ProgressBar;
import java.util.List;

/**
 * Seconds per acquisition for every strategy and round on the first seed set, with BatchGFN's policy training and
 * batch sampling timed separately ({@link PhaseTimedBatchGfn}); baselines have no training phase, so their whole
 * selection time is reported as sampling. Also the GP refit time of each round. One row per (strategy, round) in
 * {@code speed.csv}. Wall-clock times on a shared machine are noisy; the report gives means over rounds.
 */
public final class SpeedExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "speed";
    /** The results file. */
    public static final String FILE = "speed.csv";
    /** Its columns; the first three identify a cell. */
    public static final List<String> COLUMNS = List.of("strategy", "seed_set", "round", "labels",
            "policy_training_seconds", "sampling_seconds", "acquisition_seconds", "gp_training_seconds",
            "chosen_pool_rows");

    @Override
    public ReportSection report() {
        return new SpeedReport();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchRun run) {
        BenchConfig c = run.config();
        ResultTable table = run.table(FILE, COLUMNS, 3);
        ActiveLearningTrajectories trajectories = new ActiveLearningTrajectories(run, table);
        List<TrajectoryStrategy> strategies = BenchStrategies.trajectories(BenchStrategies.activeLearning(c, true), c);
        try (ProgressBar bar = run.progress("speed", trajectories.missingWork(strategies, 1, c.speedRounds()))) {
            trajectories.runMissing(strategies, 1, c.speedRounds(), (name, s, seedSet, r) -> {
                double training = 0;
                double sampling = r.acquisitionSeconds();
                if (r.round() > 0 && s instanceof PhaseTimedBatchGfn timed) {
                    training = timed.lastTrainingSeconds();
                    sampling = timed.lastSamplingSeconds();
                }
                return List.of(name, seedSet, r.round(), r.labels(), training, sampling, r.acquisitionSeconds(),
                        r.trainingSeconds(), ActiveLearningTrajectories.joinRows(r.chosenPoolIndices()));
            }, bar);
        }
    }
}
