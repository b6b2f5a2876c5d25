package org.batchgfn.bench;

import me.tongfei.progressbar.ProgressBar;
import org.batchgfn.acquisition.BatchGfnAcquisition.CarryOver;
import org.batchgfn.bench.gflownet.AcquisitionTransfer;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Paper Fig. 5/9: how fast the next round's policy fits the new reward distribution after an acquisition, for the
 * three ways of carrying the policy across rounds ({@link CarryOver}: re-initialise, continue, lookahead), and how
 * good it is zero-shot. Set-up in {@link AcquisitionTransfer} (toy task, seed set 17, B = 3, T = 0.1, every set of
 * round 2 enumerated); settings in {@link TransferConfig}. Always on the toy task: skipped for CSV data.
 * <p>
 * Files: {@code transfer.csv}, one row per (pool size, seed, mode, step) with the exact JSD (nats) to round 2's
 * reward distribution and the best-of-20 JMI over greedy BatchBALD's; each row is its own cell, recorded as soon
 * as it is evaluated. A curve with missing rows is retrained from the start (everything is seeded, so the policy
 * is the same) and only the missing rows are evaluated and recorded. {@code transfer_summary.csv}, one row per
 * complete curve: the first step with JSD ≤ {@value #JSD_TARGET} (empty if not reached within S steps), and the
 * zero-shot JSD and best-of-20 ratio at step 0; rewritten from {@code transfer.csv} whenever it differs.
 * {@code transfer_round1.csv}, one row per (pool size, seed): the acquired batch, greedy's JMI on round 2 and how
 * well the round-1 policies fit round 1 (exact JSD) before the lookahead, to tell a poor carried policy from a
 * poor transfer.
 */
public final class TransferExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "transfer";
    /** Curve file. */
    public static final String FILE = "transfer.csv";
    /** Summary file. */
    public static final String SUMMARY_FILE = "transfer_summary.csv";
    /** The JSD (nats) a curve has to reach (the acceptance threshold). */
    public static final double JSD_TARGET = 0.05;
    /** Columns of the curve file; the first four identify the cell. */
    public static final List<String> COLUMNS = List.of("pool_size", "seed", "mode", "step", "jsd_nats",
            "best_of_20_jmi", "greedy_jmi", "best_of_20_jmi_over_greedy", "training_seconds");
    /** Round-1 file. */
    public static final String ROUND1_FILE = "transfer_round1.csv";
    /** Columns of the round-1 file; the first two identify the cell. */
    public static final List<String> ROUND1_COLUMNS = List.of("pool_size", "seed", "acquired", "round2_greedy_jmi",
            "round1_steps", "round1_jsd_unconditioned_nats", "round1_jsd_conditioned_nats");
    /** Columns of the summary file; the first three identify the cell. */
    public static final List<String> SUMMARY_COLUMNS = List.of("pool_size", "seed", "mode", "steps", "jsd_target",
            "steps_to_jsd_target", "zero_shot_jsd_nats", "zero_shot_best_of_20_jmi_over_greedy", "final_jsd_nats");

    @Override
    public ReportSection report() {
        return new TransferReport();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param mode a carry-over mode
     * @return its name in the CSV files: {@code reinitialise}, {@code continue}, {@code lookahead}
     */
    public static String label(CarryOver mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void run(BenchRun run) {
        BenchConfig c = run.config();
        if (!c.usesToy()) {
            run.console().println("bench: transfer runs on the toy task only (paper Fig. 5/9); skipped for --data "
                    + "and --dataset");
            return;
        }
        TransferConfig t = c.transfer();
        ResultTable table = run.table(FILE, COLUMNS, 4);
        ResultTable round1 = run.table(ROUND1_FILE, ROUND1_COLUMNS, 2);
        List<Integer> steps = t.evaluationSteps();
        // (pool size, seed) -> mode -> missing evaluation steps
        Map<Curves, Map<CarryOver, TreeSet<Integer>>> todo = new LinkedHashMap<>();
        long work = 0;
        for (int p = 0; p < t.poolSizes().size(); p++) {
            int n = t.poolSizes().get(p);
            for (int i = 0; i < t.seedsOf(p); i++) {
                long seed = c.seed() + i;
                Map<CarryOver, TreeSet<Integer>> missing = new LinkedHashMap<>();
                for (CarryOver mode : CarryOver.values()) {
                    TreeSet<Integer> m = new TreeSet<>();
                    for (int s : steps) {
                        if (!table.has(n, seed, label(mode), s)) {
                            m.add(s);
                        }
                    }
                    if (!m.isEmpty()) {
                        missing.put(mode, m);
                        work += m.last();
                    }
                }
                boolean trainRound1 = carries(missing) || !round1.has(n, seed);
                if (!missing.isEmpty() || trainRound1) {
                    todo.put(new Curves(n, seed, trainRound1), missing);
                    if (trainRound1) {
                        work += 2L * t.round1Steps() + (long) t.lookaheads() * t.stepsPerLookahead();
                    }
                }
            }
        }
        if (!todo.isEmpty()) {
            try (ProgressBar bar = run.progress("transfer", work)) {
                for (Map.Entry<Curves, Map<CarryOver, TreeSet<Integer>>> e : todo.entrySet()) {
                    curves(run, table, round1, e.getKey(), e.getValue(), bar);
                }
            }
        }
        writeSummary(run, table, steps);
    }

    private static boolean carries(Map<CarryOver, TreeSet<Integer>> missing) {
        return missing.containsKey(CarryOver.CONTINUE) || missing.containsKey(CarryOver.LOOKAHEAD);
    }

    /** The three curves of one pool size and seed, and whether round 1 is to be trained for them. */
    private record Curves(int poolSize, long seed, boolean trainRound1) {
    }

    /** Trains and evaluates the missing rows of one pool size and seed. */
    private static void curves(BenchRun run, ResultTable table, ResultTable round1, Curves curves,
                               Map<CarryOver, TreeSet<Integer>> missing, ProgressBar bar) {
        TransferConfig t = run.config().transfer();
        int poolSize = curves.poolSize();
        long seed = curves.seed();
        AcquisitionTransfer transfer = new AcquisitionTransfer(poolSize,
                new PolicyArchitecture(t.hiddenWidth(), 2, run.config().inputFeatures()), seed);
        if (curves.trainRound1()) {
            AcquisitionTransfer.Round1Fit fit = transfer.trainRound1(t.round1Steps(), t.lookaheads(),
                    t.stepsPerLookahead(), s -> bar.step());
            bar.stepBy((long) t.lookaheads() * t.stepsPerLookahead());
            if (!round1.has(poolSize, seed)) {
                run.record(round1, List.of(List.of(poolSize, seed,
                        ActiveLearningTrajectories.joinRows(transfer.acquired()), transfer.greedyJmi(),
                        t.round1Steps(), fit.unconditionedJsd(), fit.conditionedJsd())));
            }
        }
        for (Map.Entry<CarryOver, TreeSet<Integer>> m : missing.entrySet()) {
            PolicyNetwork net = transfer.start(m.getKey());
            SplittableRandom rng = transfer.round2Random();
            int done = 0;
            double seconds = 0;
            // Always train between consecutive evaluation steps, evaluated or not, so a resumed curve is the same.
            for (int step : t.evaluationSteps()) {
                if (step > m.getValue().last()) {
                    break;
                }
                if (step > done) {
                    long start = System.nanoTime();
                    transfer.train(net, rng, step - done, s -> bar.step());
                    seconds += (System.nanoTime() - start) * 1e-9;
                    done = step;
                }
                if (m.getValue().contains(step)) {
                    AcquisitionTransfer.Evaluation e = transfer.evaluate(net);
                    run.record(table, List.of(List.of(poolSize, seed, label(m.getKey()), step, e.jsdNats(),
                            e.bestOf20Jmi(), e.greedyJmi(), e.ratio(), seconds)));
                }
            }
        }
    }

    /** Records the summary of every complete curve whose summary row is missing or out of date. */
    private static void writeSummary(BenchRun run, ResultTable table, List<Integer> steps) {
        ResultTable summary = run.table(SUMMARY_FILE, SUMMARY_COLUMNS, 3);
        List<List<String>> stored = summary.rows();
        for (TransferSummary s : TransferSummary.of(table.rows(), steps)) {
            if (!stored.contains(ResultTable.format(s.row()))) {
                run.record(summary, List.of(s.row()));
            }
        }
    }
}
