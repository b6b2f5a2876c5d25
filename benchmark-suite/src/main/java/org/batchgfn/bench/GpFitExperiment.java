package org.batchgfn.bench;

import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.loop.PredictiveScores;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.Arrays;
import java.util.List;

/**
 * A sanity check of the GP every other experiment relies on: fit it on the first {@code gpFitSize} pool points
 * (pool order is random) and score it on the test set, next to the RMSE of always predicting the training mean.
 * A GP that fits should be far below that baseline, and on the toy task near the noise level 0.1. One row per
 * training size in {@code gp.csv}; hyperparameters are in the GP's working (standardised) units.
 */
public final class GpFitExperiment implements Experiment {

    /** The experiment's name. */
    public static final String NAME = "gp";
    /** The results file. */
    public static final String FILE = "gp.csv";
    /** Its columns; the first identifies a cell. */
    public static final List<String> COLUMNS = List.of("train_size", "test_size", "test_rmse", "test_nll",
            "test_mae", "mean_predictor_rmse", "working_lengthscales", "working_outputscale", "working_noise_variance",
            "fit_seconds");

    @Override
    public ReportSection report() {
        return new GpFitReport();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchRun run) {
        BenchConfig c = run.config();
        int m = Math.min(c.gpFitSize(), run.data().pool().size());
        var table = run.table(FILE, COLUMNS, 1);
        if (table.has(m)) {
            return;
        }
        run.console().println("gp: fitting the GP on " + m + " points");
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> train = new MutableDataset<>(
                new SimpleDataSourceProvenance("first " + m + " pool points", factory), factory);
        int i = 0;
        for (Example<Regressor> e : run.data().pool()) {
            if (i++ == m) {
                break;
            }
            train.add(e);
        }
        long start = System.nanoTime();
        GaussianProcessModel gp = (GaussianProcessModel) BenchStrategies.gpTrainer(c).train(train);
        double seconds = (System.nanoTime() - start) * 1e-9;
        double[][] x = gp.featureMatrix(run.data().test());
        double[] y = BenchData.targets(run.data().test());
        double[] mean = gp.posterior().mean(x);
        double[] variance = gp.posterior().latentVariance(x);
        for (int k = 0; k < variance.length; k++) {
            variance[k] += gp.posterior().noiseVariance();
        }
        PredictiveScores s = PredictiveScores.of(y, mean, variance);
        double trainMean = Arrays.stream(BenchData.targets(train)).average().orElse(0);
        double se = 0;
        for (double v : y) {
            se += (v - trainMean) * (v - trainMean);
        }
        var h = gp.hyperparameters();
        run.record(table, List.of(List.of(m, y.length, s.rmse(), s.nll(), s.mae(), Math.sqrt(se / y.length),
                Arrays.toString(h.lengthscales()), h.outputscale(), h.noiseVariance(), seconds)));
    }
}
