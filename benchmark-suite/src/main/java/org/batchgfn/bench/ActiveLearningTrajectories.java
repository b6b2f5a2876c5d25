package org.batchgfn.bench;

import me.tongfei.progressbar.ProgressBar;
import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.datasets.SeedSetSampler;
import org.batchgfn.loop.ActiveLearningListener;
import org.batchgfn.loop.ActiveLearningLoop;
import org.batchgfn.loop.DatasetOracle;
import org.batchgfn.loop.RoundResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs active-learning trajectories (strategy × seed set, rounds 0…R) with {@link ActiveLearningLoop} and records
 * one cell per finished round, keyed by (strategy, seed set, round). Each trajectory asks its own instance of the
 * strategy ({@link TrajectoryStrategy#forTrajectory()}: fresh for one that carries a policy between rounds). A
 * trajectory with missing rounds is run again from its seed set, replaying the recorded choices
 * ({@link ReplayingStrategy}; a strategy that carries state recomputes them and checks they match) so it continues
 * where it stopped with the same choices an uninterrupted run makes; rounds already recorded are not written again.
 */
final class ActiveLearningTrajectories {

    /** Turns a finished round into a table row. */
    @FunctionalInterface
    interface RowMaker {
        /**
         * @param name     the strategy's name in the results
         * @param strategy the trajectory's instance of the strategy (the real one, not the replay wrapper), as it
         *                 is right after choosing this round's batch
         * @param seedSet  the seed-set index
         * @param result   the round's result
         * @return the row, starting with strategy, seed set, round
         */
        List<?> row(String name, AcquisitionStrategy strategy, int seedSet, RoundResult result);
    }

    private final BenchRun run;
    private final ResultTable table;
    private final int chosenColumn;

    /**
     * @param run   the run
     * @param table the table; its first three columns are strategy, seed_set, round, and it has a
     *              {@code chosen_pool_rows} column of space-separated pool rows
     */
    ActiveLearningTrajectories(BenchRun run, ResultTable table) {
        this.run = run;
        this.table = table;
        this.chosenColumn = table.header().indexOf("chosen_pool_rows");
        if (chosenColumn < 0) {
            throw new IllegalArgumentException(table.file() + " needs a chosen_pool_rows column");
        }
    }

    /**
     * Runs the missing trajectories of every strategy over the configured seed sets and rounds into one table,
     * behind one progress bar: what the paper's {@code al} experiment and each data set of the suite do.
     *
     * @param run        the run
     * @param task       the progress bar's name
     * @param file       the table's file
     * @param columns    its columns (strategy, seed_set, round first; a chosen_pool_rows column)
     * @param strategies the strategies
     * @param maker      builds the recorded rows
     */
    static void runAll(BenchRun run, String task, String file, List<String> columns,
                       List<TrajectoryStrategy> strategies, RowMaker maker) {
        BenchConfig c = run.config();
        ActiveLearningTrajectories trajectories = new ActiveLearningTrajectories(run, run.table(file, columns, 3));
        try (ProgressBar bar = run.progress(task, trajectories.missingWork(strategies, c.seedSets(), c.rounds()))) {
            trajectories.runMissing(strategies, c.seedSets(), c.rounds(), maker, bar);
        }
    }

    /**
     * @param strategies the strategies
     * @param seedSets   number of seed sets
     * @param rounds     acquisition rounds per trajectory
     * @return progress units the missing cells are worth (a BatchGFN round counts as its training cost)
     */
    long missingWork(List<TrajectoryStrategy> strategies, int seedSets, int rounds) {
        long work = 0;
        for (TrajectoryStrategy s : strategies) {
            for (int seed = 0; seed < seedSets; seed++) {
                for (int r = 0; r <= rounds; r++) {
                    if (!table.has(s.name(), seed, r)) {
                        work += weight(s, r);
                    }
                }
            }
        }
        return work;
    }

    /**
     * Runs every trajectory that has missing rounds.
     *
     * @param strategies the strategies
     * @param seedSets   number of seed sets
     * @param rounds     acquisition rounds per trajectory
     * @param maker      builds the recorded rows
     * @param bar        advanced by each recorded round's weight
     */
    void runMissing(List<TrajectoryStrategy> strategies, int seedSets, int rounds, RowMaker maker, ProgressBar bar) {
        BenchConfig config = run.config();
        int poolSize = run.data().pool().size();
        SeedSetSampler seeds = new SeedSetSampler(config.seedSetSize());
        for (TrajectoryStrategy strategy : strategies) {
            for (int seedSet = 0; seedSet < seedSets; seedSet++) {
                if (complete(strategy.name(), seedSet, rounds)) {
                    continue;
                }
                bar.setExtraMessage(strategy.name() + " seed set " + seedSet);
                int[] seedRows = seeds.sample(poolSize, seedSetSeed(config, seedSet));
                AcquisitionStrategy instance = strategy.forTrajectory();
                ReplayingStrategy replaying = new ReplayingStrategy(instance, recordedChoices(strategy.name(), seedSet),
                        poolSize, seedRows, trajectorySeed(config, strategy.name(), seedSet), strategy.carriesState());
                ActiveLearningLoop loop = new ActiveLearningLoop(BenchStrategies.gpTrainer(config), replaying,
                        config.batchSize(), rounds * config.batchSize());
                final int s = seedSet;
                loop.run(run.data().pool(), new DatasetOracle(run.data().pool()), seedRows, run.data().test(),
                        new SplittableRandom(0), new ActiveLearningListener() {
                            @Override
                            public void roundFinished(RoundResult result) {
                                if (!table.has(strategy.name(), s, result.round())) {
                                    run.record(table, List.of(maker.row(strategy.name(), instance, s, result)));
                                    bar.stepBy(weight(strategy, result.round()));
                                }
                            }
                        });
            }
        }
    }

    /**
     * @param config  the configuration
     * @param seedSet the seed-set index
     * @return the seed of that seed set (shared by every strategy, so they start from the same labels)
     */
    static long seedSetSeed(BenchConfig config, int seedSet) {
        return config.seed() * 1_000L + 17L + seedSet;
    }

    private static long trajectorySeed(BenchConfig config, String strategy, int seedSet) {
        return config.seed() * 1_000_033L + strategy.hashCode() * 31L + seedSet;
    }

    private static long weight(TrajectoryStrategy s, int round) {
        return 1 + s.trainingSteps(round) / 5;
    }

    private boolean complete(String strategy, int seedSet, int rounds) {
        for (int r = 0; r <= rounds; r++) {
            if (!table.has(strategy, seedSet, r)) {
                return false;
            }
        }
        return true;
    }

    private Map<Integer, int[]> recordedChoices(String strategy, int seedSet) {
        Map<Integer, int[]> out = new HashMap<>();
        for (List<String> row : table.rows()) {
            if (row.get(0).equals(strategy) && row.get(1).equals(Integer.toString(seedSet))) {
                int round = Integer.parseInt(row.get(2));
                String chosen = row.get(chosenColumn).trim();
                if (round > 0 && !chosen.isEmpty()) {
                    out.put(round, java.util.Arrays.stream(chosen.split(" ")).mapToInt(Integer::parseInt).toArray());
                }
            }
        }
        return out;
    }

    /**
     * @param rows pool rows
     * @return them space-separated
     */
    static String joinRows(int[] rows) {
        List<String> out = new ArrayList<>(rows.length);
        for (int r : rows) {
            out.add(Integer.toString(r));
        }
        return String.join(" ", out);
    }
}
