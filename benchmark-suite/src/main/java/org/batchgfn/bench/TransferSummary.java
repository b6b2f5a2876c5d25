package org.batchgfn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of one (pool size, seed, mode) curve of {@code transfer.csv}: the first evaluated step whose JSD is
 * at most {@link TransferExperiment#JSD_TARGET} (or none within the curve's S steps), and the zero-shot figures at
 * step 0. Derived from the curve's rows alone, so it can always be recomputed.
 *
 * @param poolSize         round-1 pool size
 * @param seed             toy-task seed
 * @param mode             the carry-over mode, lower case
 * @param steps            S, the last evaluated step
 * @param stepsToTarget    the first step with JSD ≤ the target, or -1 if not reached within S steps
 * @param zeroShotJsd      JSD (nats) at step 0
 * @param zeroShotRatio    best-of-20 JMI over greedy's at step 0
 * @param finalJsd         JSD (nats) at step S
 */
public record TransferSummary(int poolSize, long seed, String mode, int steps, int stepsToTarget,
                              double zeroShotJsd, double zeroShotRatio, double finalJsd) {

    /** @return whether the JSD target was reached within S steps */
    public boolean reached() {
        return stepsToTarget >= 0;
    }

    /** @return the steps to the target, or {@code not reached within S} */
    public String stepsText() {
        return reached() ? Integer.toString(stepsToTarget) : "not reached within " + steps;
    }

    /** @return the row of {@code transfer_summary.csv} ({@link TransferExperiment#SUMMARY_COLUMNS}) */
    public List<Object> row() {
        return List.of(poolSize, seed, mode, steps, TransferExperiment.JSD_TARGET,
                reached() ? Integer.toString(stepsToTarget) : "", zeroShotJsd, zeroShotRatio, finalJsd);
    }

    /**
     * @param row a row of {@code transfer_summary.csv}
     * @return the summary it holds
     */
    public static TransferSummary parse(List<String> row) {
        return new TransferSummary(Integer.parseInt(row.get(0)), Long.parseLong(row.get(1)), row.get(2),
                Integer.parseInt(row.get(3)), row.get(5).isEmpty() ? -1 : Integer.parseInt(row.get(5)),
                Double.parseDouble(row.get(6)), Double.parseDouble(row.get(7)), Double.parseDouble(row.get(8)));
    }

    /**
     * Summarises every complete curve of {@code transfer.csv}.
     *
     * @param rows            rows of {@code transfer.csv} ({@link TransferExperiment#COLUMNS}), any order
     * @param evaluationSteps the steps a complete curve has, ascending
     * @return one summary per (pool size, seed, mode) whose curve has every evaluation step, in first-seen order
     */
    public static List<TransferSummary> of(List<List<String>> rows, List<Integer> evaluationSteps) {
        Map<List<String>, Map<Integer, Double>> curves = new LinkedHashMap<>();
        Map<List<String>, Double> zeroShotRatio = new LinkedHashMap<>();
        for (List<String> r : rows) {
            List<String> key = r.subList(0, 3);
            int step = Integer.parseInt(r.get(3));
            curves.computeIfAbsent(List.copyOf(key), k -> new LinkedHashMap<>()).put(step,
                    Double.parseDouble(r.get(4)));
            if (step == 0) {
                zeroShotRatio.put(List.copyOf(key), Double.parseDouble(r.get(7)));
            }
        }
        List<TransferSummary> out = new ArrayList<>();
        for (Map.Entry<List<String>, Map<Integer, Double>> e : curves.entrySet()) {
            Map<Integer, Double> jsd = e.getValue();
            if (!jsd.keySet().containsAll(evaluationSteps)) {
                continue;
            }
            int first = -1;
            for (int s : evaluationSteps) {
                if (jsd.get(s) <= TransferExperiment.JSD_TARGET) {
                    first = s;
                    break;
                }
            }
            List<String> k = e.getKey();
            int last = evaluationSteps.get(evaluationSteps.size() - 1);
            out.add(new TransferSummary(Integer.parseInt(k.get(0)), Long.parseLong(k.get(1)), k.get(2), last, first,
                    jsd.get(0), zeroShotRatio.get(k), jsd.get(last)));
        }
        return out;
    }
}
