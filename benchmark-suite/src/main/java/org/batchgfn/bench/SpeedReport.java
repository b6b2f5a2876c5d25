package org.batchgfn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report section of {@link SpeedExperiment}: seconds per acquisition per strategy and round, BatchGFN's
 * training and sampling separately, and the GP refit, read by column name.
 */
final class SpeedReport implements ReportSection {

    @Override
    public void writeSection(ReportPage page) {
        List<ResultRow> rows = page.rows(SpeedExperiment.FILE, SpeedExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, TreeMap<Integer, double[]>> data = new LinkedHashMap<>();
        TreeSet<Integer> rounds = new TreeSet<>();
        for (ResultRow r : rows) {
            int round = r.integer("round");
            if (round == 0) {
                continue;
            }
            rounds.add(round);
            data.computeIfAbsent(r.get("strategy"), k -> new TreeMap<>()).put(round,
                    new double[]{r.num("policy_training_seconds"), r.num("sampling_seconds"),
                    r.num("acquisition_seconds"), r.num("gp_training_seconds")});
        }
        page.append("## Speed\n\n");
        page.append("Wall-clock seconds per acquisition on seed set 0 (a shared machine: noisy). BatchGFN's time "
                + "splits "
                + "into policy training and sampling K batches; the baselines only select. GP refit: fitting the GP "
                + "after the round's labels arrive.\n\n| strategy |");
        for (int r : rounds) {
            page.append(" round ").append(r).append(" acquisition s |");
        }
        page.append(" mean policy training s | mean sampling s | mean acquisition s | mean GP refit s |\n|---|");
        page.append("---|".repeat(rounds.size() + 4)).append('\n');
        List<String> speeds = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, double[]>> e : data.entrySet()) {
            page.append("| ").append(e.getKey()).append(" |");
            for (int r : rounds) {
                double[] v = e.getValue().get(r);
                page.append(v == null ? " — |" : String.format(Locale.ROOT, " %.3g |", v[2]));
            }
            double[] mean = new double[4];
            for (double[] v : e.getValue().values()) {
                for (int m = 0; m < 4; m++) {
                    mean[m] += v[m] / e.getValue().size();
                }
            }
            page.append(String.format(Locale.ROOT, " %.3g | %.3g | %.3g | %.3g |%n", mean[0], mean[1], mean[2],
                    mean[3]));
            speeds.add(String.format(Locale.ROOT, "%s %.3g s", e.getKey(), mean[2]));
        }
        page.append('\n');
        page.headline("speed: mean seconds per acquisition: " + String.join("; ", speeds));
    }

}
