package org.batchgfn.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost/quality picture of the {@code al} experiment: test RMSE against the <em>cumulative</em> acquisition
 * seconds of every strategy, i.e. what a user pays in wall-clock time (BatchGFN's policy training and lookahead
 * included) for the error reached. For each trajectory (strategy, seed set) the seconds are summed over rounds
 * 1…r in round order; the curve gives per round the mean over seed sets of that sum and of the test RMSE. Writes
 * the curve as {@value #FILE} (one row per strategy and round), a plot, and a table of the final round with the
 * policy-training cost of round 1 and of the later rounds (where the amortised modes save).
 */
final class AcquisitionCostReport {

    /** The derived curve, rewritten with every report. */
    static final String FILE = "al_cost.csv";
    /** Its columns. */
    static final List<String> COLUMNS = List.of("strategy", "round", "labels", "seed_sets",
            "cumulative_acquisition_seconds", "cumulative_acquisition_seconds_se", "test_rmse", "test_rmse_se",
            "cumulative_policy_training_seconds");

    private AcquisitionCostReport() {
    }

    /** One trajectory's round, with its running sums. */
    private record Point(int labels, double cumulativeSeconds, double cumulativeTraining, double rmse,
                         double trainingSeconds, int trainingSteps) {
    }

    /**
     * Writes the section's cost part.
     *
     * @param page the report
     * @param rows the rows of {@code al.csv}
     */
    static void write(ReportPage page, List<ResultRow> rows) {
        Map<String, TreeMap<Integer, List<Point>>> curves = curves(rows);
        StringBuilder csv = new StringBuilder();
        XYChart chart = new XYChartBuilder().width(680).height(460).title("Test RMSE vs cumulative acquisition time")
                .xAxisTitle("cumulative acquisition seconds (log scale)").yAxisTitle("test RMSE").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        page.append("### Cost against quality\n\n");
        page.append("Test RMSE against the cumulative acquisition seconds (each trajectory's acquisition_seconds "
                + "summed over rounds 1…r, BatchGFN's policy training and lookahead included; mean over seed sets per "
                + "round; the curve is in `" + FILE + "`). Policy training: seconds of training and lookahead, "
                + "round 1 and the mean of a later round.\n\n");
        page.append("| strategy | labels | cumulative acquisition s ± s.e. | policy training s, round 1 | "
                + "policy training s per later round | training + lookahead steps per later round | final test RMSE ± s.e. |\n");
        page.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        List<String> headline = new ArrayList<>();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(COLUMNS.toArray(String[]::new)).build())) {
            for (Map.Entry<String, TreeMap<Integer, List<Point>>> e : curves.entrySet()) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                Summary lastSeconds = null;
                Summary lastRmse = null;
                int lastLabels = 0;
                for (Map.Entry<Integer, List<Point>> round : e.getValue().entrySet()) {
                    List<Point> ps = round.getValue();
                    Summary seconds = Summary.of(ps.stream().mapToDouble(Point::cumulativeSeconds).toArray());
                    Summary rmse = Summary.of(ps.stream().mapToDouble(Point::rmse).toArray());
                    double training = ps.stream().mapToDouble(Point::cumulativeTraining).average().orElse(0);
                    int labels = ps.get(0).labels();
                    printer.printRecord(ResultTable.format(List.of(e.getKey(), round.getKey(), labels, ps.size(),
                            seconds.mean(), seconds.stdErr(), rmse.mean(), rmse.stdErr(), training)));
                    if (round.getKey() > 0 && seconds.mean() > 0) {
                        xs.add(seconds.mean());
                        ys.add(rmse.mean());
                    }
                    lastSeconds = seconds;
                    lastRmse = rmse;
                    lastLabels = labels;
                }
                if (!xs.isEmpty()) {
                    chart.addSeries(e.getKey(), xs, ys);
                }
                page.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", e.getKey(),
                        lastLabels, lastSeconds.format(3), fmt(meanOf(e.getValue(), 1, true)),
                        fmt(meanAfter(e.getValue(), true)), fmt(meanAfter(e.getValue(), false)),
                        lastRmse.format(4)));
                headline.add(String.format(Locale.ROOT, "%s %.3g s", e.getKey(), lastSeconds.mean()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot format " + FILE + ": " + e.getMessage(), e);
        }
        page.append('\n');
        page.writeAtomically(FILE, csv.toString());
        if (!chart.getSeriesMap().isEmpty()) {
            page.chart(chart, "al_cost", "test RMSE against cumulative acquisition seconds");
        }
        page.headline("al: cumulative acquisition seconds to the last round (mean over seed sets): "
                + String.join("; ", headline));
    }

    /**
     * @param rows the rows of {@code al.csv}
     * @return strategy → round → one point per seed set, with the running sums of that seed set's rounds
     */
    static Map<String, TreeMap<Integer, List<Point>>> curves(List<ResultRow> rows) {
        // strategy -> seed set -> round -> row
        Map<String, Map<String, TreeMap<Integer, ResultRow>>> byTrajectory = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            byTrajectory.computeIfAbsent(r.get("strategy"), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.get("seed_set"), k -> new TreeMap<>()).put(r.integer("round"), r);
        }
        Map<String, TreeMap<Integer, List<Point>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, TreeMap<Integer, ResultRow>>> s : byTrajectory.entrySet()) {
            TreeMap<Integer, List<Point>> rounds = new TreeMap<>();
            for (TreeMap<Integer, ResultRow> trajectory : s.getValue().values()) {
                double seconds = 0;
                double training = 0;
                for (Map.Entry<Integer, ResultRow> round : trajectory.entrySet()) {
                    ResultRow r = round.getValue();
                    double roundTraining = r.num("training_seconds") + r.num("lookahead_seconds");
                    seconds += r.num("acquisition_seconds");
                    training += roundTraining;
                    rounds.computeIfAbsent(round.getKey(), k -> new ArrayList<>()).add(new Point(r.integer("labels"),
                            seconds, training, r.num("test_rmse"), roundTraining,
                            r.integer("training_steps") + r.integer("lookahead_steps")));
                }
            }
            out.put(s.getKey(), rounds);
        }
        return out;
    }

    /** Mean policy-training seconds (or steps) of one round over its seed sets, NaN if the round is missing. */
    private static double meanOf(TreeMap<Integer, List<Point>> rounds, int round, boolean seconds) {
        List<Point> ps = rounds.get(round);
        if (ps == null) {
            return Double.NaN;
        }
        return ps.stream().mapToDouble(p -> seconds ? p.trainingSeconds() : p.trainingSteps()).average()
                .orElse(Double.NaN);
    }

    /** Mean over rounds ≥ 2 and seed sets of the policy-training seconds (or steps), NaN if there is no such round. */
    private static double meanAfter(TreeMap<Integer, List<Point>> rounds, boolean seconds) {
        double[] v = rounds.tailMap(2, true).values().stream().flatMap(List::stream)
                .mapToDouble(p -> seconds ? p.trainingSeconds() : p.trainingSteps()).toArray();
        return v.length == 0 ? Double.NaN : Summary.of(v).mean();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3g", v);
    }
}
