package org.batchgfn.bench;

import java.util.List;
import java.util.Locale;

/**
 * The report section of {@link GpFitExperiment}: the GP sanity check (test RMSE and NLL against predicting the
 * mean), read by column name.
 */
final class GpFitReport implements ReportSection {

    @Override
    public void writeSection(ReportPage page) {
        List<ResultRow> rows = page.rows(GpFitExperiment.FILE, GpFitExperiment.COLUMNS);
        if (rows.isEmpty()) {
            return;
        }
        page.append("## GP sanity check\n\n| train points | test points | test RMSE | test NLL | predict-the-mean "
                + "RMSE |"
                + " lengthscales (working units) | noise variance (working units) | fit s |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ResultRow r : rows) {
            page.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f | %s | %.4g | %.1f |%n",
                    r.get("train_size"), r.get("test_size"), r.num("test_rmse"), r.num("test_nll"),
                    r.num("mean_predictor_rmse"), r.get("working_lengthscales"), r.num("working_noise_variance"),
                    r.num("fit_seconds")));
            page.headline(String.format(Locale.ROOT, "gp: fitted on %s points, test RMSE %.4f vs %.4f for "
                    + "predicting the mean", r.get("train_size"), r.num("test_rmse"),
                    r.num("mean_predictor_rmse")));
        }
        page.append('\n');
    }

}
