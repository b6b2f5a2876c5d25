package org.batchgfn.bench;

import org.batchgfn.acquisition.BatchGfnAcquisition.CarryOver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transfer experiment's figures against the acceptance criteria, as report lines, per pool size:
 * steps to JSD ≤ 0.05 per seed and mode, whether lookahead needs at most half of re-initialisation's steps, and the
 * zero-shot JSD and best-of-20 JMI over greedy's (criterion: ≥ {@value #ZERO_SHOT_TARGET}) per mode.
 */
final class TransferVerdict {

    /** Zero-shot best-of-20 JMI over greedy's that the issue asks of lookahead. */
    static final double ZERO_SHOT_TARGET = 0.98;

    private TransferVerdict() {
    }

    /**
     * @param summaries complete curves
     * @return two lines per pool size: steps to the target, and the zero-shot figures
     */
    static List<String> lines(List<TransferSummary> summaries) {
        // pool -> seed -> mode -> summary
        Map<Integer, Map<Long, Map<String, TransferSummary>>> byPool = new TreeMap<>();
        for (TransferSummary s : summaries) {
            byPool.computeIfAbsent(s.poolSize(), k -> new TreeMap<>()).computeIfAbsent(s.seed(),
                    k -> new LinkedHashMap<>()).put(s.mode(), s);
        }
        String reinit = TransferExperiment.label(CarryOver.REINITIALISE);
        String lookahead = TransferExperiment.label(CarryOver.LOOKAHEAD);
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<Long, Map<String, TransferSummary>>> pool : byPool.entrySet()) {
            List<String> perSeed = new ArrayList<>();
            int halved = 0;
            int decided = 0;
            for (Map.Entry<Long, Map<String, TransferSummary>> seed : pool.getValue().entrySet()) {
                List<String> steps = new ArrayList<>();
                for (CarryOver mode : CarryOver.values()) {
                    TransferSummary s = seed.getValue().get(TransferExperiment.label(mode));
                    steps.add(s == null ? "?" : s.reached() ? Integer.toString(s.stepsToTarget()) : "> " + s.steps());
                }
                perSeed.add("seed " + seed.getKey() + " " + String.join(" / ", steps));
                Boolean h = halves(seed.getValue().get(reinit), seed.getValue().get(lookahead));
                if (h != null) {
                    decided++;
                    halved += h ? 1 : 0;
                }
            }
            int seeds = pool.getValue().size();
            out.add(String.format(Locale.ROOT, "pool %d, steps to JSD ≤ %.2f (re-initialise / continue / lookahead): "
                    + "%s; lookahead needs at most half of re-initialisation's steps in **%d of %d** seeds%s",
                    pool.getKey(), TransferExperiment.JSD_TARGET, String.join("; ", perSeed), halved, seeds,
                    decided < seeds ? " (" + (seeds - decided) + " undecided: re-initialisation did not reach it within S)" : ""));
            out.add(zeroShot(pool.getKey(), pool.getValue()));
        }
        return out;
    }

    /**
     * @return whether lookahead reached the target in at most half of re-initialisation's steps, or null when that
     * cannot be told: neither reached it, or only lookahead did but later than S / 2 (re-initialisation needs more
     * than S steps, how many more is unknown)
     */
    private static Boolean halves(TransferSummary reinit, TransferSummary lookahead) {
        if (reinit == null || lookahead == null || (!reinit.reached() && !lookahead.reached())) {
            return null;
        }
        if (!lookahead.reached()) {
            return false;
        }
        if (reinit.reached()) {
            return 2 * lookahead.stepsToTarget() <= reinit.stepsToTarget();
        }
        return 2 * lookahead.stepsToTarget() <= reinit.steps() ? Boolean.TRUE : null;
    }

    private static String zeroShot(int pool, Map<Long, Map<String, TransferSummary>> seeds) {
        List<String> parts = new ArrayList<>();
        int passed = 0;
        for (CarryOver mode : CarryOver.values()) {
            String label = TransferExperiment.label(mode);
            List<Double> jsd = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            for (Map<String, TransferSummary> bySeed : seeds.values()) {
                TransferSummary s = bySeed.get(label);
                if (s != null) {
                    jsd.add(s.zeroShotJsd());
                    ratio.add(s.zeroShotRatio());
                    if (mode == CarryOver.LOOKAHEAD && s.zeroShotRatio() >= ZERO_SHOT_TARGET) {
                        passed++;
                    }
                }
            }
            parts.add(String.format(Locale.ROOT, "%s JSD %s, best-of-20 / greedy %s", label, mean(jsd), mean(ratio)));
        }
        return String.format(Locale.ROOT, "pool %d, zero-shot on the next round (mean over seeds): %s; lookahead's "
                + "best-of-20 / greedy ≥ %.2f in **%d of %d** seeds", pool, String.join("; ", parts),
                ZERO_SHOT_TARGET, passed, seeds.size());
    }

    private static String mean(List<Double> values) {
        return Summary.of(values.stream().mapToDouble(v -> v).toArray()).format(3);
    }
}
