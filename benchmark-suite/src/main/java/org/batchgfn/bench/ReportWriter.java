package org.batchgfn.bench;

import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.bench.plot.ChartFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes {@code report.md} of a run folder from its CSV files alone (so it can be regenerated at any time, and is
 * after every run and resume): the configuration and provenance, the headline numbers, and one section per
 * experiment that has results, with its plots saved beside the report as PNG and SVG. Sections of experiments
 * without results are left out.
 */
public final class ReportWriter {

    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final List<String> headlines = new ArrayList<>();

    private ReportWriter(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes the report (temporary file, then an atomic rename).
     *
     * @param dir        the run folder
     * @param provenance extra {@code key: value} lines (data, versions, strategies)
     * @return the report file
     */
    public static Path write(Path dir, Map<String, String> provenance) {
        return new ReportWriter(dir).render(provenance);
    }

    private Path render(Map<String, String> provenance) {
        StringBuilder body = new StringBuilder();
        md.setLength(0);
        fidelity();
        jmi();
        activeLearning();
        speed();
        transfer();
        gp();
        body.append(md);

        StringBuilder out = new StringBuilder();
        out.append("# BatchGFN benchmark: ").append(dir.getFileName()).append("\n\n");
        out.append("Generated ").append(Instant.now())
                .append(" from the CSV files in this folder by `./batchgfn bench`.")
                .append(" Rerunning the same command resumes the run and regenerates this page.\n\n");
        out.append("## Headline numbers\n\n");
        if (headlines.isEmpty()) {
            out.append("No results yet.\n");
        }
        for (String h : headlines) {
            out.append("- ").append(h).append('\n');
        }
        out.append('\n').append(body);
        out.append("## Configuration and provenance\n\n| setting | value |\n| --- | --- |\n");
        for (Map.Entry<String, String> e : readConfig().entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
        }
        for (Map.Entry<String, String> e : provenance.entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().replace("|", "\\|")).append(" |\n");
        }
        Path file = dir.resolve("report.md");
        Path tmp = dir.resolve(".report.md.tmp");
        try {
            Files.writeString(tmp, out.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private Map<String, String> readConfig() {
        Map<String, String> out = new LinkedHashMap<>();
        Path f = dir.resolve(Benchmark.CONFIG_FILE);
        if (Files.exists(f)) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf(" = ");
                    if (eq > 0) {
                        out.put(line.substring(0, eq), line.substring(eq + 3));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private List<List<String>> rows(String file, List<String> columns) {
        Path f = dir.resolve(file);
        return Files.exists(f) ? ResultTable.read(f, columns) : List.of();
    }

    private void fidelity() {
        List<List<String>> sets = rows(FidelityExperiment.SETS_FILE, FidelityExperiment.SET_COLUMNS);
        List<List<String>> jsd = rows(FidelityExperiment.JSD_FILE, FidelityExperiment.JSD_COLUMNS);
        if (sets.isEmpty() || jsd.isEmpty()) {
            return;
        }
        List<String> last = jsd.get(jsd.size() - 1);
        double finalJsd = num(last.get(3));
        double initialJsd = num(jsd.get(0).get(3));
        int n = sets.size();
        headlines.add(String.format(Locale.ROOT, "fidelity: exact JSD between BatchGFN's set distribution and the "
                + "reward distribution at T = 1: **%.4f nats** after %s steps (%.4f untrained), over all %d sets",
                finalJsd, last.get(1), initialJsd, n));
        md.append("## Fidelity (paper Fig. 2)\n\n");
        md.append(String.format(Locale.ROOT, "Every one of the %d sets of the enumerable pool, exact policy "
                + "probability against normalised reward `exp(JMI)/Σexp(JMI)` (T = 1). Exact Jensen-Shannon "
                + "divergence **%.4f nats** after %s training steps (%.1f s of training); untrained: %.4f nats.%n%n",
                n, finalJsd, last.get(1), num(last.get(2)), initialJsd));
        double[] reward = new double[n];
        double[] policy = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < n; i++) {
            reward[i] = num(sets.get(i).get(3));
            policy[i] = Math.max(num(sets.get(i).get(4)), 1e-300);
            lo = Math.min(lo, Math.min(reward[i], policy[i]));
            hi = Math.max(hi, Math.max(reward[i], policy[i]));
        }
        XYChart parity = new XYChartBuilder().width(640).height(520).title("Fidelity: policy vs reward, T = 1")
                .xAxisTitle("normalised reward R(set)/ΣR").yAxisTitle("policy probability P(set)").build();
        parity.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendVisible(true);
        XYSeries s = parity.addSeries("sets (JSD " + String.format(Locale.ROOT, "%.4f", finalJsd) + ")", reward, policy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        XYSeries diag = parity.addSeries("y = x", new double[]{lo, hi}, new double[]{lo, hi});
        diag.setMarker(SeriesMarkers.NONE);
        chart(parity, "fidelity_parity", "parity plot");

        XYChart curve = new XYChartBuilder().width(640).height(420).title("Fidelity: exact JSD during training")
                .xAxisTitle("training steps").yAxisTitle("JSD (nats)").build();
        double[] steps = new double[jsd.size()];
        double[] values = new double[jsd.size()];
        for (int i = 0; i < jsd.size(); i++) {
            steps[i] = num(jsd.get(i).get(1));
            values[i] = num(jsd.get(i).get(3));
        }
        curve.addSeries("JSD", steps, values);
        curve.getStyler().setLegendVisible(false);
        chart(curve, "fidelity_jsd", "JSD against training steps");
    }

    private void jmi() {
        List<List<String>> rows = rows(JmiExperiment.FILE, JmiExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<double[]>> byLabel = new LinkedHashMap<>();
        double greedy = Double.NaN;
        for (List<String> r : rows) {
            String label = r.get(1).isEmpty() ? r.get(0) : r.get(0) + " T=" + r.get(1);
            byLabel.computeIfAbsent(label, k -> new ArrayList<>()).add(new double[]{num(r.get(3)), num(r.get(5))});
            greedy = num(r.get(4));
        }
        md.append("## Joint mutual information of the first batch (paper Fig. 3)\n\n");
        md.append(String.format(Locale.ROOT, "JMI (nats) of batches for the first acquisition (GP on seed set 0, "
                + "whole unlabelled pool); greedy BatchBALD reaches %.4f nats. Stochastic strategies: one point per "
                + "draw; BatchGFN rows are single samples of the trained policy (acquisition keeps the best of K).%n%n",
                greedy));
        md.append("| strategy | draws | mean JMI ± s.e. | best | mean ratio to greedy | best ratio |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
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
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.3f | %.3f |%n", labels.get(k), jmi.length,
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
        md.append('\n');
        chart(strip, "jmi_strip", "JMI strip plot");
        headlines.add("jmi: mean JMI ratio to greedy BatchBALD (first batch): " + String.join("; ", ratios));
    }

    private void activeLearning() {
        List<List<String>> rows = rows(ActiveLearningExperiment.FILE, ActiveLearningExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        // strategy -> labels -> values over seed sets
        Map<String, TreeMap<Integer, List<double[]>>> data = new LinkedHashMap<>();
        for (List<String> r : rows) {
            data.computeIfAbsent(r.get(0), k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(r.get(3)),
                    k -> new ArrayList<>()).add(new double[]{num(r.get(4)), num(r.get(5))});
        }
        int seedSets = (int) rows.stream().map(r -> r.get(1)).distinct().count();
        md.append("## Active learning (paper Fig. 4)\n\n");
        md.append("Test RMSE and NLL (nats per point) of the GP refitted on all labels so far, mean ± standard error "
                + "over " + seedSets + " seed set(s) (a point is shown when at least one seed set reached it).\n\n");
        XYChart rmse = new XYChartBuilder().width(680).height(460).title("Test RMSE vs labels")
                .xAxisTitle("labelled points").yAxisTitle("test RMSE").build();
        XYChart nll = new XYChartBuilder().width(680).height(460).title("Test NLL vs labels")
                .xAxisTitle("labelled points").yAxisTitle("test NLL (nats)").build();
        md.append("| strategy | labels | final test RMSE ± s.e. | final test NLL ± s.e. | seed sets |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
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
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d |%n", e.getKey(), last.getKey(),
                    fr.format(4), fn.format(4), fr.n()));
            finals.add(e.getKey() + " " + fr.format(3));
        }
        md.append('\n');
        chart(rmse, "al_rmse", "test RMSE against labels");
        chart(nll, "al_nll", "test NLL against labels");
        headlines.add("al: final test RMSE (mean ± s.e. over seed sets): " + String.join("; ", finals));
    }

    private void speed() {
        List<List<String>> rows = rows(SpeedExperiment.FILE, SpeedExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, TreeMap<Integer, double[]>> data = new LinkedHashMap<>();
        TreeSet<Integer> rounds = new TreeSet<>();
        for (List<String> r : rows) {
            int round = Integer.parseInt(r.get(2));
            if (round == 0) {
                continue;
            }
            rounds.add(round);
            data.computeIfAbsent(r.get(0), k -> new TreeMap<>()).put(round,
                    new double[]{num(r.get(4)), num(r.get(5)), num(r.get(6)), num(r.get(7))});
        }
        md.append("## Speed\n\n");
        md.append("Wall-clock seconds per acquisition on seed set 0 (a shared machine: noisy). BatchGFN's time splits "
                + "into policy training and sampling K batches; the baselines only select. GP refit: fitting the GP "
                + "after the round's labels arrive.\n\n| strategy |");
        for (int r : rounds) {
            md.append(" round ").append(r).append(" acquisition s |");
        }
        md.append(" mean policy training s | mean sampling s | mean acquisition s | mean GP refit s |\n|---|");
        md.append("---|".repeat(rounds.size() + 4)).append('\n');
        List<String> speeds = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, double[]>> e : data.entrySet()) {
            md.append("| ").append(e.getKey()).append(" |");
            for (int r : rounds) {
                double[] v = e.getValue().get(r);
                md.append(v == null ? " — |" : String.format(Locale.ROOT, " %.3g |", v[2]));
            }
            double[] mean = new double[4];
            for (double[] v : e.getValue().values()) {
                for (int m = 0; m < 4; m++) {
                    mean[m] += v[m] / e.getValue().size();
                }
            }
            md.append(String.format(Locale.ROOT, " %.3g | %.3g | %.3g | %.3g |%n", mean[0], mean[1], mean[2],
                    mean[3]));
            speeds.add(String.format(Locale.ROOT, "%s %.3g s", e.getKey(), mean[2]));
        }
        md.append('\n');
        headlines.add("speed: mean seconds per acquisition: " + String.join("; ", speeds));
    }

    private void transfer() {
        List<List<String>> rows = rows(TransferExperiment.FILE, TransferExperiment.COLUMNS);
        List<List<String>> summaryRows = rows(TransferExperiment.SUMMARY_FILE, TransferExperiment.SUMMARY_COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        List<TransferSummary> summaries = new ArrayList<>();
        summaryRows.forEach(r -> summaries.add(TransferSummary.parse(r)));
        md.append("## Transfer across an acquisition (paper Fig. 5/9)\n\n");
        md.append(String.format(Locale.ROOT, "Toy task, seed set 17, B = 3, T = 0.1: round 1's batch is greedy "
                + "BatchBALD's, labelled by the oracle; round 2's GP is conditioned on the labels. Exact JSD (nats) "
                + "between the round-2 policy's set distribution and round 2's reward distribution against training "
                + "steps after the acquisition, for a re-initialised policy, the round-1 policy trained further "
                + "(continue), and a train-set-conditioned round-1 policy after lookahead training. Step 0 is "
                + "zero-shot. Steps to JSD ≤ %.2f are the first evaluated step at or below it.%n%n",
                TransferExperiment.JSD_TARGET));
        transferPlots(rows);
        if (summaries.isEmpty()) {
            md.append("No curve is complete yet.\n\n");
            return;
        }
        md.append("| pool | seed | mode | steps to JSD ≤ 0.05 | zero-shot JSD | zero-shot best-of-20 / greedy JMI "
                + "| JSD after S |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (TransferSummary s : summaries) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %.4f | %.4f | %.4f |%n", s.poolSize(),
                    s.seed(), s.mode(), s.stepsText(), s.zeroShotJsd(), s.zeroShotRatio(), s.finalJsd()));
        }
        md.append('\n');
        List<List<String>> round1 = rows(TransferExperiment.ROUND1_FILE, TransferExperiment.ROUND1_COLUMNS);
        if (!round1.isEmpty()) {
            md.append("Round 1 (before the acquisition): the batch greedy BatchBALD acquired, and how well the carried "
                    + "policies fit round 1's reward distribution (exact JSD, nats) before the lookahead.\n\n"
                    + "| pool | seed | acquired | greedy JMI on round 2 | round-1 steps | JSD unconditioned (continue) "
                    + "| JSD conditioned (lookahead, before it) |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (List<String> r : round1) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4f | %s | %.4f | %.4f |%n", r.get(0),
                        r.get(1), r.get(2), num(r.get(3)), r.get(4), num(r.get(5)), num(r.get(6))));
            }
            md.append('\n');
        }
        List<String> verdicts = new ArrayList<>();
        for (String line : TransferVerdict.lines(summaries)) {
            md.append("- ").append(line).append('\n');
            verdicts.add(line);
        }
        md.append('\n');
        headlines.add("transfer: " + String.join("; ", verdicts));
    }

    private void transferPlots(List<List<String>> rows) {
        // pool -> mode -> step -> JSD over seeds
        Map<String, Map<String, TreeMap<Integer, List<Double>>>> curves = new TreeMap<>(
                (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (List<String> r : rows) {
            curves.computeIfAbsent(r.get(0), k -> new LinkedHashMap<>()).computeIfAbsent(r.get(2),
                    k -> new TreeMap<>()).computeIfAbsent(Integer.parseInt(r.get(3)), k -> new ArrayList<>())
                    .add(num(r.get(4)));
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
            chart(chart, "transfer_jsd_pool" + pool.getKey(), "JSD against training steps after an acquisition, "
                    + "pool " + pool.getKey());
        }
    }

    private void gp() {
        List<List<String>> rows = rows(GpFitExperiment.FILE, GpFitExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        md.append("## GP sanity check\n\n| train points | test points | test RMSE | test NLL | predict-the-mean RMSE |"
                + " lengthscales (working units) | noise variance (working units) | fit s |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (List<String> r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %s | %.4g | %.1f |%n", r.get(0),
                    r.get(1), num(r.get(2)), num(r.get(3)), num(r.get(5)), r.get(6), num(r.get(8)), num(r.get(9))));
            headlines.add(String.format(Locale.ROOT, "gp: fitted on %s points, test RMSE %.4f vs %.4f for "
                    + "predicting the mean", r.get(0), num(r.get(2)), num(r.get(5))));
        }
        md.append('\n');
    }

    private void chart(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String name, String alt) {
        ChartFiles.save(chart, dir, name);
        md.append("![").append(alt).append("](").append(name).append(".png) ([SVG](").append(name)
                .append(".svg))\n\n");
    }

    private static double num(String s) {
        return Double.parseDouble(s);
    }

}
