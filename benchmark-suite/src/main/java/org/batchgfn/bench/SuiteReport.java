package org.batchgfn.bench;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suite's {@code report.md} and {@code ranking.csv}, regenerated from the data sets' CSV files at the end of
 * every run: the ranking table per metric ({@link SuiteRanking}) beside the reference benchmark's ordering, a plot
 * of it, and per data set the RMSE / MAE / maximum-error curves against the number of labels.
 */
final class SuiteReport implements ReportSection {

    /** The ranking file. */
    static final String RANKING_FILE = "ranking.csv";
    /** Its columns. */
    static final List<String> RANKING_COLUMNS = List.of("metric", "strategy", "pairs", "mean_log_error", "std_err",
            "vs_random", "vs_batchbald");

    private static final Map<String, String> METRIC_NAMES = Map.of("test_rmse", "log RMSE", "test_mae", "log MAE",
            "test_max_error", "log max error");

    private final SuiteConfig config;
    private final List<String> strategies;

    SuiteReport(SuiteConfig config, List<String> strategies) {
        this.config = config;
        this.strategies = List.copyOf(strategies);
    }

    /**
     * Writes {@code ranking.csv} and {@code report.md}.
     *
     * @param runDir the suite's run folder
     * @return the report
     */
    Path write(Path runDir) {
        ReportPage page = new ReportPage(runDir);
        writeSection(page);
        StringBuilder out = new StringBuilder("# BatchGFN benchmark suite: ").append(runDir.getFileName())
                .append("\n\nGenerated ").append(Instant.now()).append(" from the CSV files in this folder by "
                        + "`./batchgfn bench suite`. Rerunning the same command resumes the run and regenerates "
                        + "this page.\n\n## Headline numbers\n\n");
        if (page.headlines().isEmpty()) {
            out.append("No complete results yet.\n");
        }
        page.headlines().forEach(h -> out.append("- ").append(h).append('\n'));
        out.append('\n').append(page.body()).append("## Configuration\n\n| setting | value |\n| --- | --- |\n");
        config.describe().forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        return page.writeAtomically("report.md", out.toString());
    }

    @Override
    public void writeSection(ReportPage page) {
        List<SuiteRanking> ranking = SuiteRanking.compute(page.dir(), config.datasets(), strategies);
        ResultTable table = new ResultTable(page.dir().resolve(RANKING_FILE), RANKING_COLUMNS, 2);
        for (SuiteRanking r : ranking) {
            table.record(List.of(List.of(r.metric(), r.strategy(), r.pairs(), r.meanLog(), r.stdErr(), r.vsRandom(),
                    r.vsBatchBald())));
        }
        if (!ranking.isEmpty()) {
            rankingSection(page, ranking);
        }
        for (String ds : config.datasets()) {
            datasetSection(page, ds);
        }
    }

    private void rankingSection(ReportPage page, List<SuiteRanking> ranking) {
        int pairs = ranking.get(0).pairs();
        page.append(String.format(Locale.ROOT, "## Ranking (the reference benchmark's metric)%n%nMean over %d "
                + "(data set, seed set) pairs × %d acquisition rounds of the log test error (lower is better), "
                + "± standard error over seed sets; relative change of the geometric-mean error against random and "
                + "against BatchBALD. Errors are in each data set's target units, so the absolute means are not "
                + "comparable with the reference's (standardised targets); differences and relative changes are. "
                + "Reference (Holzmüller et al., JMLR 2023, 15 data sets, log RMSE): "
                + "LCMD ≈ BAIT < KMeans++ < MaxDet (BatchBALD) ≈ MaxDist < random < MaxDiag (BALD).%n%n",
                pairs, config.rounds()));
        for (String metric : SuiteRanking.METRICS) {
            List<String> order = table(page, ranking, metric);
            if (metric.equals("test_rmse")) {
                page.headline("suite ranking by mean log RMSE (best first): " + String.join(" < ", order));
                List<SuiteRanking> rmse = ranking.stream().filter(r -> r.metric().equals(metric)).toList();
                CategoryChart chart = new CategoryChartBuilder().width(820).height(460)
                        .title("Suite ranking: mean log test RMSE").xAxisTitle("strategy")
                        .yAxisTitle("mean log RMSE (lower is better)").build();
                chart.getStyler().setXAxisLabelRotation(30);
                chart.getStyler().setLegendVisible(false);
                chart.addSeries("mean log RMSE ± s.e.", rmse.stream().map(SuiteRanking::strategy).toList(),
                        rmse.stream().map(SuiteRanking::meanLog).toList(),
                        rmse.stream().map(r -> Double.isNaN(r.stdErr()) ? 0.0 : r.stdErr()).toList());
                page.chart(chart, "suite_ranking", "mean log RMSE per strategy");
            }
        }
        List<String> real = config.datasets().stream().filter(d -> !d.equals(SuiteConfig.TOY)).toList();
        if (real.size() > 0 && real.size() < config.datasets().size()) {
            List<SuiteRanking> realRanking = SuiteRanking.compute(page.dir(), real, strategies);
            if (!realRanking.isEmpty()) {
                page.append("Real data sets only (the toy task left out: its uncovered regions give random "
                        + "sampling errors many times the others', which dominates the mean):\n\n");
                List<String> order = table(page, realRanking, "test_rmse");
                page.headline("real data sets only, by mean log RMSE: " + String.join(" < ", order));
            }
        }
    }

    /** Writes one metric's ranking table. @return the strategies, best first */
    private static List<String> table(ReportPage page, List<SuiteRanking> ranking, String metric) {
        page.append("| rank | strategy | " + METRIC_NAMES.get(metric) + " | vs random | vs BatchBALD |\n"
                + "| --- | --- | --- | --- | --- |\n");
        int rank = 1;
        List<String> order = new ArrayList<>();
        for (SuiteRanking r : ranking) {
            if (!r.metric().equals(metric)) {
                continue;
            }
            String se = Double.isNaN(r.stdErr()) ? "" : String.format(Locale.ROOT, " ± %.4f", r.stdErr());
            page.append(String.format(Locale.ROOT, "| %d | %s | %.4f%s | %+.1f%% | %+.1f%% |%n", rank++,
                    r.strategy(), r.meanLog(), se, 100 * r.vsRandom(), 100 * r.vsBatchBald()));
            order.add(r.strategy());
        }
        page.append("\n");
        return order;
    }

    private void datasetSection(ReportPage page, String ds) {
        Path dir = page.dir().resolve(ds);
        List<ResultRow> rows = ResultRow.read(dir.resolve(SuiteExperiment.FILE), SuiteExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        page.append("## Data set " + ds + "\n\nMean over seed sets of the test error against labels; the last "
                + "round's mean ± standard error.\n\n| strategy | labels | RMSE | MAE | max error | acquisition s |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        // metric -> strategy -> labels -> values
        Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves = new LinkedHashMap<>();
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            for (String m : SuiteRanking.METRICS) {
                curves.computeIfAbsent(m, k -> new LinkedHashMap<>()).computeIfAbsent(r.get("strategy"),
                        k -> new TreeMap<>()).computeIfAbsent(r.integer("labels"), k -> new ArrayList<>())
                        .add(r.num(m));
            }
            if (r.integer("round") > 0) {
                seconds.computeIfAbsent(r.get("strategy"), k -> new ArrayList<>()).add(r.num("acquisition_seconds"));
            }
        }
        for (String st : curves.get("test_rmse").keySet()) {
            Map.Entry<Integer, List<Double>> last = curves.get("test_rmse").get(st).lastEntry();
            page.append("| " + st + " | " + last.getKey());
            for (String m : SuiteRanking.METRICS) {
                List<Double> v = curves.get(m).get(st).lastEntry().getValue();
                page.append(" | " + Summary.of(v.stream().mapToDouble(Double::doubleValue).toArray()).format(4));
            }
            double mean = seconds.getOrDefault(st, List.of()).stream().mapToDouble(Double::doubleValue).average()
                    .orElse(0);
            page.append(String.format(Locale.ROOT, " | %.3g |%n", mean));
        }
        page.append("\n");
        for (String m : SuiteRanking.METRICS) {
            String title = METRIC_NAMES.get(m).substring(4);
            XYChart chart = new XYChartBuilder().width(680).height(460).title(ds + ": test " + title + " vs labels")
                    .xAxisTitle("labelled points").yAxisTitle("test " + title).build();
            chart.getStyler().setYAxisLogarithmic(true).setLegendVisible(true);
            for (Map.Entry<String, TreeMap<Integer, List<Double>>> e : curves.get(m).entrySet()) {
                double[] x = e.getValue().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                double[] y = e.getValue().values().stream()
                        .mapToDouble(l -> l.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                        .toArray();
                chart.addSeries(e.getKey(), x, y);
            }
            page.chart(chart, ds + "_" + m.substring(5), ds + " test " + title + " against labels");
        }
    }
}
