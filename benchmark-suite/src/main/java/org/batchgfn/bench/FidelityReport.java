package org.batchgfn.bench;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;
import java.util.Locale;

/**
 * The report section of {@link FidelityExperiment} (paper Fig. 2): exact JSD at T = 1, the parity plot of policy
 * against reward probability and the JSD curve, read from its CSV files by column name.
 */
final class FidelityReport implements ReportSection {

    @Override
    public void writeSection(ReportPage page) {
        List<ResultRow> sets = page.rows(FidelityExperiment.SETS_FILE, FidelityExperiment.SET_COLUMNS);
        List<ResultRow> jsd = page.rows(FidelityExperiment.JSD_FILE, FidelityExperiment.JSD_COLUMNS);
        if (sets.isEmpty() || jsd.isEmpty()) {
            return;
        }
        ResultRow last = jsd.get(jsd.size() - 1);
        double finalJsd = last.num("jsd_nats");
        double initialJsd = jsd.get(0).num("jsd_nats");
        int n = sets.size();
        page.headline(String.format(Locale.ROOT, "fidelity: exact JSD between BatchGFN's set distribution and the "
                + "reward distribution at T = 1: **%.4f nats** after %s steps (%.4f untrained), over all %d sets",
                finalJsd, last.get("training_steps"), initialJsd, n));
        page.append("## Fidelity (paper Fig. 2)\n\n");
        page.append(String.format(Locale.ROOT, "Every one of the %d sets of the enumerable pool, exact policy "
                + "probability against normalised reward `exp(JMI)/Σexp(JMI)` (T = 1). Exact Jensen-Shannon "
                + "divergence **%.4f nats** after %s training steps (%.1f s of training); untrained: %.4f nats.%n%n",
                n, finalJsd, last.get("training_steps"), last.num("training_seconds"), initialJsd));
        double[] reward = new double[n];
        double[] policy = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < n; i++) {
            reward[i] = sets.get(i).num("reward_probability");
            policy[i] = Math.max(sets.get(i).num("policy_probability"), 1e-300);
            lo = Math.min(lo, Math.min(reward[i], policy[i]));
            hi = Math.max(hi, Math.max(reward[i], policy[i]));
        }
        XYChart parity = new XYChartBuilder().width(640).height(520).title("Fidelity: policy vs reward, T = 1")
                .xAxisTitle("normalised reward R(set)/ΣR").yAxisTitle("policy probability P(set)").build();
        parity.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendVisible(true);
        XYSeries s = parity.addSeries("sets (JSD " + String.format(Locale.ROOT, "%.4f", finalJsd) + ")", reward,
                policy);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        XYSeries diag = parity.addSeries("y = x", new double[]{lo, hi}, new double[]{lo, hi});
        diag.setMarker(SeriesMarkers.NONE);
        page.chart(parity, "fidelity_parity", "parity plot");

        XYChart curve = new XYChartBuilder().width(640).height(420).title("Fidelity: exact JSD during training")
                .xAxisTitle("training steps").yAxisTitle("JSD (nats)").build();
        double[] steps = new double[jsd.size()];
        double[] values = new double[jsd.size()];
        for (int i = 0; i < jsd.size(); i++) {
            steps[i] = jsd.get(i).num("training_steps");
            values[i] = jsd.get(i).num("jsd_nats");
        }
        curve.addSeries("JSD", steps, values);
        curve.getStyler().setLegendVisible(false);
        page.chart(curve, "fidelity_jsd", "JSD against training steps");
    }

}
