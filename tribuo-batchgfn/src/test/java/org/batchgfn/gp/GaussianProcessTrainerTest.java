package org.batchgfn.gp;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.gp.kernel.StationaryKernel;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.impl.ListExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GaussianProcessTrainerTest {

    private static final RegressionFactory FACTORY = new RegressionFactory();

    private static MutableDataset<Regressor> emptyDataset() {
        return new MutableDataset<>(new SimpleDataSourceProvenance("test", FACTORY), FACTORY);
    }

    @Test
    void fitOnToyTaskRecoversNoiseAndImprovesLikelihood() {
        MutableDataset<Regressor> ds = ToyRegression.dataset(150, 0.1, 42);
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.MATERN52).train(ds);
        double noiseStd = Math.sqrt(model.posterior().noiseVariance());
        assertTrue(noiseStd > 0.07 && noiseStd < 0.14, "noise std estimate " + noiseStd);
        GaussianProcessModel start = new GaussianProcessTrainer(KernelType.MATERN52, 0, 0.1, true, true).train(ds);
        double log2 = Math.log(2);
        assertEquals(log2, start.hyperparameters().outputscale(), 1e-15);
        assertEquals(1e-4 + log2, start.hyperparameters().noiseVariance(), 1e-15);
        assertTrue(model.logMarginalLikelihood() > start.logMarginalLikelihood(),
                model.logMarginalLikelihood() + " vs start " + start.logMarginalLikelihood());
        // the fitted mean tracks the true function on held-out points
        MutableDataset<Regressor> test = ToyRegression.dataset(200, 0.0, 7);
        double sse = 0;
        for (Example<Regressor> e : test) {
            double x = e.lookup("x").getValue();
            if (Math.abs(x) < 2) {
                double err = model.predict(e).getOutput().getValues()[0] - ToyRegression.f(x);
                sse += err * err;
            }
        }
        assertTrue(sse / test.size() < 0.01, "mean squared error " + sse / test.size());
    }

    @Test
    void fixedHyperparametersWithoutStandardisationMatchHandClosedFormThroughPredict() {
        MutableDataset<Regressor> ds = emptyDataset();
        ds.add(new ArrayExample<>(new Regressor("y", 1.2), new String[]{"x"}, new double[]{0.0}));
        ds.add(new ArrayExample<>(new Regressor("y", -0.4), new String[]{"x"}, new double[]{1.0}));
        double noise = 0.1;
        double m = 0.5;
        GaussianProcessTrainer trainer = new GaussianProcessTrainer(KernelType.RBF,
                new GaussianProcessHyperparameters(new double[]{1.0}, 1.0, noise, m), false, false);
        GaussianProcessModel model = trainer.train(ds);
        double a = 1 + noise;
        double b = Math.exp(-0.5);
        double det = a * a - b * b;
        double xs = 0.3;
        double k0 = Math.exp(-0.5 * xs * xs);
        double k1 = Math.exp(-0.5 * (xs - 1) * (xs - 1));
        double w0 = (a * k0 - b * k1) / det;
        double w1 = (-b * k0 + a * k1) / det;
        double mean = m + w0 * (1.2 - m) + w1 * (-0.4 - m);
        double latent = 1 - (w0 * k0 + w1 * k1);
        Prediction<Regressor> p = model.predict(new ArrayExample<>(new Regressor("y", Double.NaN),
                new String[]{"x"}, new double[]{xs}));
        assertEquals(mean, p.getOutput().getValues()[0], 1e-12);
        assertEquals(latent + noise, p.getOutput().getVariances()[0], 1e-12);
        assertEquals("y", p.getOutput().getNames()[0]);
    }

    @Test
    void standardisationIsEquivalentToRawKernelWithScaledHyperparametersAlsoAfterConditioning() {
        MutableDataset<Regressor> ds = ToyRegression.dataset(12, 0.1, 3);
        double[] ls = {0.8};
        double s = 1.3;
        double noise = 0.05;
        double m = 0.2;
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.MATERN32,
                new GaussianProcessHyperparameters(ls, s, noise, m), true, true).train(ds);
        double[][] x = model.featureMatrix(ds);
        double[] y = new double[x.length];
        int i = 0;
        for (Example<Regressor> e : ds) {
            y[i++] = e.getOutput().getValues()[0];
        }
        double xMean = mean(column(x)), xStd = popStd(column(x));
        double yMean = mean(y), yStd = popStd(y);
        // Working-unit GP ⇔ raw-unit GP with ℓ·xStd, s·yStd², σ²·yStd², yMean + yStd·m.
        StationaryKernel raw = KernelType.MATERN32.create(new double[]{ls[0] * xStd}, s * yStd * yStd);
        double[][] xNew = {{0.35}, {-1.1}};
        double[] yNew = {0.5, -0.2};
        ExactGaussianProcessPosterior direct = ExactGaussianProcessPosterior.of(raw, noise * yStd * yStd,
                yMean + yStd * m, concat(x, xNew), concat(y, yNew));
        ExactGaussianProcessPosterior conditioned = model.posterior().condition(xNew, yNew);
        double[][] t = {{-0.4}, {0.9}, {2.2}};
        double[] m1 = direct.mean(t);
        double[] m2 = conditioned.mean(t);
        PosteriorCovariance c1 = direct.covariance(t);
        PosteriorCovariance c2 = conditioned.covariance(t);
        for (int a = 0; a < t.length; a++) {
            assertEquals(m1[a], m2[a], 1e-9);
            for (int b = 0; b < t.length; b++) {
                assertEquals(c1.covariance(a, b), c2.covariance(a, b), 1e-9);
            }
        }
        assertEquals(noise * yStd * yStd, conditioned.noiseVariance(), 1e-12);
        assertEquals(direct.noiseVariance(), model.posterior().noiseVariance(), 1e-12);
        // and the reported LML is that of the raw targets
        ExactGaussianProcessPosterior directTrain = ExactGaussianProcessPosterior.of(raw, noise * yStd * yStd,
                yMean + yStd * m, x, y);
        assertEquals(directTrain.logMarginalLikelihood(), model.logMarginalLikelihood(), 1e-9);
    }

    @Test
    void provenanceRecordsKernelAndStandardisation() {
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.MATERN12, 5, 0.1, false, true)
                .train(ToyRegression.dataset(10, 0.1, 1));
        TrainerProvenance tp = model.getProvenance().getTrainerProvenance();
        Map<String, Provenance> conf = tp.getConfiguredParameters();
        assertEquals("MATERN12", conf.get("kernel").toString());
        assertEquals("false", conf.get("standardizeInputs").toString());
        assertEquals("true", conf.get("standardizeTargets").toString());
        assertEquals("5", conf.get("epochs").toString());
        assertEquals(GaussianProcessTrainer.class.getName(), tp.getClassName());
        assertEquals(KernelType.MATERN12, model.kernelType());
    }

    @Test
    void featureMatrixUsesModelOrderAndZeroForMissingFeatures() {
        MutableDataset<Regressor> ds = emptyDataset();
        ds.add(new ArrayExample<>(new Regressor("y", 1.0), new String[]{"b", "a"}, new double[]{2.0, 1.0}));
        ds.add(new ArrayExample<>(new Regressor("y", 2.0), new String[]{"a", "b"}, new double[]{0.5, -1.0}));
        ds.add(new ArrayExample<>(new Regressor("y", 0.0), new String[]{"a", "b"}, new double[]{-0.5, 0.3}));
        GaussianProcessModel model = new GaussianProcessTrainer(KernelType.RBF, 3, 0.1, true, true).train(ds);
        int ia = model.getFeatureIDMap().getID("a");
        int ib = model.getFeatureIDMap().getID("b");
        List<Example<Regressor>> ex = new ArrayList<>();
        ex.add(new ArrayExample<>(new Regressor("y", 0), new String[]{"b", "zzz"}, new double[]{4.0, 9.0}));
        ex.add(new ArrayExample<>(new Regressor("y", 0), new String[]{"a", "b"}, new double[]{-3.0, 5.0}));
        double[][] rows = model.featureMatrix(ex);
        assertEquals(2, rows.length);
        assertEquals(0.0, rows[0][ia], 0.0);
        assertEquals(4.0, rows[0][ib], 0.0);
        assertEquals(-3.0, rows[1][ia], 0.0);
        assertEquals(5.0, rows[1][ib], 0.0);
        // predict agrees with the posterior on the same rows: mean, latent + noise
        double[] mu = model.posterior().mean(rows);
        double[] var = model.posterior().latentVariance(rows);
        for (int i = 0; i < 2; i++) {
            Regressor r = model.predict(ex.get(i)).getOutput();
            assertEquals(mu[i], r.getValues()[0], 1e-12);
            assertEquals(var[i] + model.posterior().noiseVariance(), r.getVariances()[0], 1e-12);
        }
        assertEquals(2, model.getTopFeatures(-1).get(org.tribuo.Model.ALL_OUTPUTS).size());
    }

    @Test
    void badInputsGiveSpecificErrors() {
        GaussianProcessTrainer trainer = new GaussianProcessTrainer(KernelType.MATERN52, 2, 0.1, true, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(emptyDataset()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());

        MutableDataset<Regressor> multi = emptyDataset();
        multi.add(new ArrayExample<>(new Regressor(new String[]{"a", "b"}, new double[]{1, 2}),
                new String[]{"x"}, new double[]{0.0}));
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(multi));
        assertTrue(e.getMessage().contains("single-output"), e.getMessage());

        MutableDataset<Regressor> nanTarget = emptyDataset();
        nanTarget.add(new ArrayExample<>(new Regressor("y", 1.0), new String[]{"x"}, new double[]{0.0}));
        nanTarget.add(new ArrayExample<>(new Regressor("y", Double.NaN), new String[]{"x"}, new double[]{1.0}));
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(nanTarget));
        assertTrue(e.getMessage().contains("example 1") && e.getMessage().contains("target"), e.getMessage());

        // Tribuo's MutableDataset already refuses NaN features, so the feature check is exercised at prediction.
        ListExample<Regressor> bad = new ListExample<>(new Regressor("y", 1.0));
        bad.add(new org.tribuo.Feature("x", Double.NaN));
        GaussianProcessModel model = trainer.train(ToyRegression.dataset(5, 0.1, 2));
        e = assertThrows(IllegalArgumentException.class, () -> model.predict(bad));
        assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.featureMatrix(List.of(bad)));
        assertTrue(e.getMessage().contains("example 0"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcessTrainer(KernelType.RBF, -1, 0.1, true, true));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcessTrainer(KernelType.RBF, 10, 0.0, true, true));
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcessTrainer(null, 10, 0.1, true, true));
        assertTrue(e.getMessage().contains("kernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcessHyperparameters(new double[]{1.0}, 1.0, -0.1, 0.0));
        assertTrue(e.getMessage().contains("noise"), e.getMessage());

        MutableDataset<Regressor> twoFeatures = emptyDataset();
        twoFeatures.add(new ArrayExample<>(new Regressor("y", 1.0), new String[]{"a", "b"}, new double[]{0, 1}));
        GaussianProcessTrainer threeLs = new GaussianProcessTrainer(KernelType.RBF,
                new GaussianProcessHyperparameters(new double[]{1, 1, 1}, 1, 0.1, 0), true, true);
        e = assertThrows(IllegalArgumentException.class, () -> threeLs.train(twoFeatures));
        assertTrue(e.getMessage().contains("3 fixed lengthscales for 2 features"), e.getMessage());
    }

    private static double[] column(double[][] x) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i][0];
        }
        return c;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double popStd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double[][] concat(double[][] a, double[][] b) {
        double[][] out = new double[a.length + b.length][];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
