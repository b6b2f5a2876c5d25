package org.batchgfn.bench;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report section of {@link ActiveLearningExperiment} (paper Fig. 4): test RMSE and NLL against the number of
 * labels per strategy, mean ± standard error over seed sets, read by column name; then the cost/quality picture
 * ({@link AcquisitionCostReport}).
 */
final class ActiveLearningReport implements ReportSection {

    @Override
    public void writeSection(ReportPage page) {
        List<ResultRow> rows = page.rows(ActiveLearningExperiment.FILE, ActiveLearningExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        // strategy -> labels -> values over seed sets
        Map<String, TreeMap<Integer, List<double[]>>> data = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            data.computeIfAbsent(r.get("strategy"), k -> new TreeMap<>()).computeIfAbsent(r.integer("labels"),
                    k -> new ArrayList<>()).add(new double[]{r.num("test_rmse"), r.num("test_nll")});
        }
        int seedSets = (int) rows.stream().map(r -> r.get("seed_set")).distinct().count();
        page.append("## Active learning (paper Fig. 4)\n\n");
        page.append("Test RMSE and NLL (nats per point) of the GP refitted on all labels so far, mean ± standard "
                + "error "
                + "over " + seedSets + " seed set(s) (a point is shown when at least one seed set reached it).\n\n");
        XYChart rmse = new XYChartBuilder().width(680).height(460).title("Test RMSE vs labels")
                .xAxisTitle("labelled points").yAxisTitle("test RMSE").build();
        XYChart nll = new XYChartBuilder().width(680).height(460).title("Test NLL vs labels")
                .xAxisTitle("labelled points").yAxisTitle("test NLL (nats)").build();
        page.append("| strategy | labels | final test RMSE ± s.e. | final test NLL ± s.e. | seed sets |\n");
        page.append("| --- | --- | --- | --- | --- |\n");
        List<String> finals = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, List<double[]>>> e : data.entrySet()) {
            int k = e.getValue().size();
            double[] x = new double[k];
            double[][] y = new double[2][k];
            double[][] err = new double[2][k];
            int i = 0;
            for (Map.Entry<Integer, List<double[]>> p : e.getValue().entrySet()) {
                x[i] = p.getKey();
                for (int m = 0; m < 2; m++) {
                    final int col = m;
                    Summary s = Summary.of(p.getValue().stream().mapToDouble(a -> a[col]).toArray());
                    y[m][i] = s.mean();
                    err[m][i] = Double.isNaN(s.stdErr()) ? 0 : s.stdErr();
                }
                i++;
            }
            rmse.addSeries(e.getKey(), x, y[0], err[0]);
            nll.addSeries(e.getKey(), x, y[1], err[1]);
            Map.Entry<Integer, List<double[]>> last = e.getValue().lastEntry();
            Summary fr = Summary.of(last.getValue().stream().mapToDouble(a -> a[0]).toArray());
            Summary fn = Summary.of(last.getValue().stream().mapToDouble(a -> a[1]).toArray());
            page.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d |%n", e.getKey(), last.getKey(),
                    fr.format(4), fn.format(4), fr.n()));
            finals.add(e.getKey() + " " + fr.format(3));
        }
        page.append('\n');
        page.chart(rmse, "al_rmse", "test RMSE against labels");
        page.chart(nll, "al_nll", "test NLL against labels");
        page.headline("al: final test RMSE (mean ± s.e. over seed sets): " + String.join("; ", finals));
        AcquisitionCostReport.write(page, rows);
    }

}
