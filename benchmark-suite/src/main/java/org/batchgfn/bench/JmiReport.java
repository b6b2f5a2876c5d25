package org.batchgfn.bench;

import org.batchgfn.acquisition.GreedyBatchBald;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report section of {@link JmiExperiment} (paper Fig. 3): JMI of first-round batches per strategy and its ratio
 * to greedy BatchBALD, as a table and a strip plot, read by column name.
 */
final class JmiReport implements ReportSection {

    @Override
    public void writeSection(ReportPage page) {
        List<ResultRow> rows = page.rows(JmiExperiment.FILE, JmiExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<double[]>> byLabel = new LinkedHashMap<>();
        double greedy = Double.NaN;
        for (ResultRow r : rows) {
            String label = r.get("temperature").isEmpty() ? r.get("strategy")
                    : r.get("strategy") + " T=" + r.get("temperature");
            byLabel.computeIfAbsent(label, k -> new ArrayList<>())
                    .add(new double[]{r.num("jmi"), r.num("ratio_to_greedy")});
            greedy = r.num("greedy_jmi");
        }
        page.append("## Joint mutual information of the first batch (paper Fig. 3)\n\n");
        page.append(String.format(Locale.ROOT, "JMI (nats) of batches for the first acquisition (GP on seed set 0, "
                + "whole unlabelled pool); greedy BatchBALD reaches %.4f nats. Stochastic strategies: one point per "
                + "draw; BatchGFN rows are single samples of the trained policy (acquisition keeps the best of K).%n%n",
                greedy));
        page.append("| strategy | draws | mean JMI ± s.e. | best | mean ratio to greedy | best ratio |\n");
        page.append("| --- | --- | --- | --- | --- | --- |\n");
        XYChart strip = new XYChartBuilder().width(820).height(460).title("JMI of sampled batches")
                .xAxisTitle("strategy (left to right as in the legend)").yAxisTitle("JMI (nats)").build();
        List<String> labels = new ArrayList<>(byLabel.keySet());
        List<String> ratios = new ArrayList<>();
        for (int k = 0; k < labels.size(); k++) {
            List<double[]> v = byLabel.get(labels.get(k));
            double[] jmi = v.stream().mapToDouble(a -> a[0]).toArray();
            double[] ratio = v.stream().mapToDouble(a -> a[1]).toArray();
            double[] x = new double[jmi.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = k + 1 + (jmi.length == 1 ? 0 : 0.3 * ((double) i / (jmi.length - 1) - 0.5));
            }
            XYSeries s = strip.addSeries(labels.get(k), x, jmi);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            Summary sj = Summary.of(jmi);
            Summary sr = Summary.of(ratio);
            double best = java.util.Arrays.stream(jmi).max().orElse(Double.NaN);
            double bestRatio = java.util.Arrays.stream(ratio).max().orElse(Double.NaN);
            page.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.3f | %.3f |%n", labels.get(k), jmi.length,
                    sj.format(4), best, sr.mean(), bestRatio));
            if (!labels.get(k).equals(GreedyBatchBald.NAME)) {
                ratios.add(String.format(Locale.ROOT, "%s %.3f (best %.3f)", labels.get(k), sr.mean(), bestRatio));
            }
        }
        XYSeries g = strip.addSeries("greedy BatchBALD", new double[]{0.5, labels.size() + 0.5},
                new double[]{greedy, greedy});
        g.setMarker(SeriesMarkers.NONE);
        strip.getStyler().setXAxisMin(0.5).setXAxisMax(labels.size() + 0.5).setXAxisTicksVisible(false)
                .setLegendVisible(true);
        page.append('\n');
        page.chart(strip, "jmi_strip", "JMI strip plot");
        page.headline("jmi: mean JMI ratio to greedy BatchBALD (first batch): " + String.join("; ", ratios));
    }

}
