package org.batchgfn.bench;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report section of {@link TransferExperiment} (paper Fig. 5/9): exact JSD against training steps after an
 * acquisition per carry-over mode, the summaries and the verdicts, read by column name.
 */
final class TransferReport implements ReportSection {

    @Override
    public void writeSection(ReportPage page) {
        List<ResultRow> rows = page.rows(TransferExperiment.FILE, TransferExperiment.COLUMNS);
        List<ResultRow> summaryRows = page.rows(TransferExperiment.SUMMARY_FILE, TransferExperiment.SUMMARY_COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        List<TransferSummary> summaries = new ArrayList<>();
        summaryRows.forEach(r -> summaries.add(TransferSummary.parse(r.values())));
        page.append("## Transfer across an acquisition (paper Fig. 5/9)\n\n");
        page.append(String.format(Locale.ROOT, "Toy task, seed set 17, B = 3, T = 0.1: round 1's batch is greedy "
                + "BatchBALD's, labelled by the oracle; round 2's GP is conditioned on the labels. Exact JSD (nats) "
                + "between the round-2 policy's set distribution and round 2's reward distribution against training "
                + "steps after the acquisition, for a re-initialised policy, the round-1 policy trained further "
                + "(continue), and a train-set-conditioned round-1 policy after lookahead training. Step 0 is "
                + "zero-shot. Steps to JSD ≤ %.2f are the first evaluated step at or below it.%n%n",
                TransferExperiment.JSD_TARGET));
        plots(page, rows);
        if (summaries.isEmpty()) {
            page.append("No curve is complete yet.\n\n");
            return;
        }
        page.append("| pool | seed | mode | steps to JSD ≤ 0.05 | zero-shot JSD | zero-shot best-of-20 / greedy JMI "
                + "| JSD after S |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (TransferSummary s : summaries) {
            page.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %.4f | %.4f | %.4f |%n", s.poolSize(),
                    s.seed(), s.mode(), s.stepsText(), s.zeroShotJsd(), s.zeroShotRatio(), s.finalJsd()));
        }
        page.append('\n');
        List<ResultRow> round1 = page.rows(TransferExperiment.ROUND1_FILE, TransferExperiment.ROUND1_COLUMNS);
        if (!round1.isEmpty()) {
            page.append("Round 1 (before the acquisition): the batch greedy BatchBALD acquired, and how well the "
                    + "carried "
                    + "policies fit round 1's reward distribution (exact JSD, nats) before the lookahead.\n\n"
                    + "| pool | seed | acquired | greedy JMI on round 2 | round-1 steps | JSD unconditioned (continue) "
                    + "| JSD conditioned (lookahead, before it) |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (ResultRow r : round1) {
                page.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %s | %.4f | %.4f |%n",
                        r.get("pool_size"), r.get("seed"), r.get("acquired"), r.num("round2_greedy_jmi"),
                        r.get("round1_steps"), r.num("round1_jsd_unconditioned_nats"),
                        r.num("round1_jsd_conditioned_nats")));
            }
            page.append('\n');
        }
        List<String> verdicts = new ArrayList<>();
        for (String line : TransferVerdict.lines(summaries)) {
            page.append("- ").append(line).append('\n');
            verdicts.add(line);
        }
        page.append('\n');
        page.headline("transfer: " + String.join("; ", verdicts));
    }

    private static void plots(ReportPage page, List<ResultRow> rows) {
        // pool -> mode -> step -> JSD over seeds
        Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves = new TreeMap<>(
                (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (ResultRow r : rows) {
            curves.computeIfAbsent(r.get("pool_size"), k -> new LinkedHashMap<>()).computeIfAbsent(r.get("mode"),
                    k -> new TreeMap<>()).computeIfAbsent(r.integer("step"), k -> new ArrayList<>())
                    .add(r.num("jsd_nats"));
        }
        for (Map.Entry<String, Map<String, TreeMap<Integer, List<Double>>>> pool : curves.entrySet()) {
            XYChart chart = new XYChartBuilder().width(680).height(460)
                    .title("Transfer after one acquisition, pool " + pool.getKey() + ", B = 3, T = 0.1")
                    .xAxisTitle("training steps after the acquisition").yAxisTitle("exact JSD (nats)").build();
            chart.getStyler().setYAxisLogarithmic(true).setLegendVisible(true);
            double maxStep = 0;
            for (Map.Entry<String, TreeMap<Integer, List<Double>>> mode : pool.getValue().entrySet()) {
                int k = mode.getValue().size();
                double[] x = new double[k];
                double[] y = new double[k];
                int i = 0;
                int seeds = 0;
                for (Map.Entry<Integer, List<Double>> p : mode.getValue().entrySet()) {
                    x[i] = p.getKey();
                    y[i++] = Math.max(Summary.of(p.getValue().stream().mapToDouble(v -> v).toArray()).mean(), 1e-6);
                    seeds = Math.max(seeds, p.getValue().size());
                    maxStep = Math.max(maxStep, p.getKey());
                }
                XYSeries s = chart.addSeries(mode.getKey() + " (mean of " + seeds + " seed" + (seeds == 1 ? "" : "s")
                        + ")", x, y);
                s.setMarker(SeriesMarkers.NONE);
            }
            XYSeries target = chart.addSeries("JSD = " + TransferExperiment.JSD_TARGET, new double[]{0, maxStep},
                    new double[]{TransferExperiment.JSD_TARGET, TransferExperiment.JSD_TARGET});
            target.setMarker(SeriesMarkers.NONE);
            page.chart(chart, "transfer_jsd_pool" + pool.getKey(), "JSD against training steps after an acquisition, "
                    + "pool " + pool.getKey());
        }
    }

}
