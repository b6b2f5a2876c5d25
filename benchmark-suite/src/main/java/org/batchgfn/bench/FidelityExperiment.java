package org.batchgfn.bench;

import me.tongfei.progressbar.ProgressBar;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.train.TrainerSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paper Fig. 2: how well the trained policy samples batches in proportion to their reward at T = 1. On a pool
 * small enough to enumerate every B-subset, the exact probability the policy gives each set (summed over its B!
 * orderings, {@link SetDistributions#policyDistribution}) is compared with the normalised reward
 * {@code exp(JMI)/Σ exp(JMI)}; their Jensen-Shannon divergence (nats) is exact, not a sampling estimate. JSD is
 * also evaluated at checkpoints along training (step 0 included). Files: {@code fidelity_jsd.csv} (one row per
 * checkpoint) and {@code fidelity_sets.csv} (one row per set). The whole experiment is one cell (training cannot
 * be resumed midway); {@code fidelity_sets.csv} is written last and marks it done.
 */
public final class FidelityExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "fidelity";
    /** Checkpoint file. */
    public static final String JSD_FILE = "fidelity_jsd.csv";
    /** Per-set file. */
    public static final String SETS_FILE = "fidelity_sets.csv";
    /** Columns of the checkpoint file; the first identifies the cell. */
    public static final List<String> JSD_COLUMNS = List.of("experiment", "training_steps", "training_seconds",
            "jsd_nats");
    /** Columns of the per-set file; the first identifies the cell. */
    public static final List<String> SET_COLUMNS = List.of("experiment", "set", "jmi", "reward_probability",
            "policy_probability");

    @Override
    public ReportSection report() {
        return new FidelityReport();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchRun run) {
        ResultTable sets = run.table(SETS_FILE, SET_COLUMNS, 1);
        ResultTable jsd = run.table(JSD_FILE, JSD_COLUMNS, 1);
        if (sets.has(NAME)) {
            return;
        }
        BenchConfig c = run.config();
        AcquisitionProblem problem = SeededProblem.build(run, c.fidelityPoolSize());
        int b = c.fidelityBatchSize();
        SetIndexer indexer = new SetIndexer(problem.poolSize(), b);
        double[] target = SetDistributions.rewardDistribution(problem.reward(), indexer, 1.0);
        TrainerSettings settings = TrainerSettings.PAPER.withSteps(c.fidelitySteps()).withTemperature(1.0);
        int every = Math.max(1, c.fidelitySteps() / c.fidelityCheckpoints());
        SplittableRandom rng = new SplittableRandom(c.seed() * 31 + 3);
        PolicyTraining policy = PolicyTraining.untrained(problem.poolFeatures(), b, BenchStrategies.architecture(c),
                settings, rng);
        List<List<?>> checkpoints = new ArrayList<>();
        checkpoints.add(List.of(NAME, 0, 0.0, jsd(policy, indexer, target)));
        long start = System.nanoTime();
        long[] evaluationNanos = {0};
        try (ProgressBar bar = run.progress("fidelity", c.fidelitySteps())) {
            policy.train(problem.reward(), settings, rng, step -> {
                bar.step();
                if (step % every == 0 || step == c.fidelitySteps()) {
                    long t = System.nanoTime();
                    double trainingSeconds = (t - start - evaluationNanos[0]) * 1e-9;
                    checkpoints.add(List.of(NAME, step, trainingSeconds, jsd(policy, indexer, target)));
                    evaluationNanos[0] += System.nanoTime() - t;
                }
            });
        }
        double[] p = SetDistributions.policyDistribution(policy.network().snapshot(), indexer);
        run.record(jsd, checkpoints);
        List<List<?>> setRows = new ArrayList<>(indexer.count());
        for (int r = 0; r < indexer.count(); r++) {
            int[] set = indexer.unrank(r);
            setRows.add(List.of(NAME, ActiveLearningTrajectories.joinRows(set), problem.reward().value(set), target[r],
                    p[r]));
        }
        run.record(sets, setRows);
    }

    private static double jsd(PolicyTraining policy, SetIndexer indexer, double[] target) {
        return JensenShannonDivergence.between(SetDistributions.policyDistribution(policy.network().snapshot(),
                indexer), target);
    }
}
