package org.batchgfn.bench;

import me.tongfei.progressbar.ProgressBar;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.AcquisitionStrategy;
import org.batchgfn.acquisition.BaldAcquisition;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.RandomAcquisition;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paper Fig. 3: the joint mutual information of batches each strategy picks for the first acquisition (GP fitted
 * on seed set 0, the whole unlabelled pool, batch size B): {@code jmiDraws} batches from each stochastic strategy
 * (random, stochastic BALD, and single samples of a BatchGFN policy trained at each configured temperature), one
 * from each deterministic one (BALD, greedy BatchBALD), each also as a ratio to greedy BatchBALD's JMI. One cell per
 * (strategy, temperature) in {@code jmi.csv}; temperature is empty for strategies without one.
 */
public final class JmiExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "jmi";
    /** The results file. */
    public static final String FILE = "jmi.csv";
    /** Its columns; the first two identify a cell. */
    public static final List<String> COLUMNS = List.of("strategy", "temperature", "draw", "jmi", "greedy_jmi",
            "ratio_to_greedy", "policy_training_seconds", "chosen_pool_rows");

    @Override
    public ReportSection report() {
        return new JmiReport();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchRun run) {
        BenchConfig c = run.config();
        ResultTable table = run.table(FILE, COLUMNS, 2);
        List<AcquisitionStrategy> baselines = List.of(new RandomAcquisition(), new BaldAcquisition(),
                BenchStrategies.stochasticBald(), new GreedyBatchBald());
        long missing = 0;
        for (AcquisitionStrategy s : baselines) {
            missing += table.has(s.name(), "") ? 0 : 1;
        }
        for (double t : c.jmiTemperatures()) {
            missing += table.has(BatchGfnAcquisition.NAME, t) ? 0 : c.trainingSteps();
        }
        if (missing == 0) {
            return;
        }
        try (ProgressBar bar = run.progress("jmi", missing)) {
            bar.setExtraMessage("fitting the GP");
            AcquisitionProblem problem = SeededProblem.build(run, 0);
            int b = c.batchSize();
            double greedy = problem.reward().value(new GreedyBatchBald().select(problem, b, new SplittableRandom(0)));
            for (AcquisitionStrategy s : baselines) {
                if (table.has(s.name(), "")) {
                    continue;
                }
                bar.setExtraMessage(s.name());
                boolean stochastic = s instanceof RandomAcquisition
                        || s.name().equals(BenchStrategies.stochasticBald().name());
                int draws = stochastic ? c.jmiDraws() : 1;
                List<List<?>> rows = new ArrayList<>();
                for (int d = 0; d < draws; d++) {
                    int[] batch = s.select(problem, b, drawRandom(c, s.name(), d));
                    rows.add(row(s.name(), "", d, problem.reward().value(batch), greedy, 0.0, batch));
                }
                run.record(table, rows);
                bar.step();
            }
            for (double t : c.jmiTemperatures()) {
                if (table.has(BatchGfnAcquisition.NAME, t)) {
                    continue;
                }
                bar.setExtraMessage("batchgfn T=" + t);
                PolicyTraining policy = PolicyTraining.train(problem.poolFeatures(), problem.reward(), b,
                        BenchStrategies.architecture(c), BenchStrategies.training(c, t),
                        drawRandom(c, BatchGfnAcquisition.NAME + t, -1), s -> bar.step());
                List<List<?>> rows = new ArrayList<>();
                for (int d = 0; d < c.jmiDraws(); d++) {
                    int[] batch = policy.sample(problem.reward(), drawRandom(c, BatchGfnAcquisition.NAME + t, d));
                    rows.add(row(BatchGfnAcquisition.NAME, t, d, problem.reward().value(batch), greedy,
                            policy.trainingSeconds(), batch));
                }
                run.record(table, rows);
            }
        }
    }

    private static List<?> row(String strategy, Object temperature, int draw, double jmi, double greedy,
                               double trainingSeconds, int[] batch) {
        return List.of(strategy, temperature, draw, jmi, greedy, jmi / greedy, trainingSeconds,
                ActiveLearningTrajectories.joinRows(batch));
    }

    private static SplittableRandom drawRandom(BenchConfig c, String what, int draw) {
        return new SplittableRandom(c.seed() * 1_000_003L + what.hashCode() * 7_919L + draw);
    }
}
