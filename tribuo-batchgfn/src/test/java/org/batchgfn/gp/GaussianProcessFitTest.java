package org.batchgfn.gp;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.gp.kernel.StationaryKernel;
import org.batchgfn.linalg.Cholesky;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hyperparameter fit on a sample drawn from a GP with known hyperparameters: L-BFGS recovers them within
 * sampling error, reaches a likelihood at least that of the paper's Adam recipe and of the true hyperparameters,
 * and records which optimiser ran, its iterations and why it stopped.
 */
class GaussianProcessFitTest {

    private static final RegressionFactory FACTORY = new RegressionFactory();
    private static final double[] TRUE_LENGTHSCALES = {0.6, 1.5};
    private static final double TRUE_OUTPUTSCALE = 1.2;
    private static final double TRUE_NOISE = 0.05;
    private static final int N = 200;

    private static double[][] x;
    private static double[] y;
    private static MutableDataset<Regressor> sample;

    /** y = f + ε with f ~ GP(0, Matérn-5/2(ℓ = (0.6, 1.5), s = 1.2)) at uniform points on [−2, 2]², σ² = 0.05. */
    @BeforeAll
    static void drawSample() {
        SplittableRandom rng = new SplittableRandom(2024);
        x = new double[N][2];
        for (double[] row : x) {
            row[0] = rng.nextDouble(-2, 2);
            row[1] = rng.nextDouble(-2, 2);
        }
        StationaryKernel k = KernelType.MATERN52.create(TRUE_LENGTHSCALES, TRUE_OUTPUTSCALE);
        Cholesky l = Cholesky.factorize(k.matrix(x), Cholesky.Backend.JAVA);
        double[] z = new double[N];
        for (int i = 0; i < N; i++) {
            z[i] = rng.nextGaussian();
        }
        y = new double[N];
        for (int i = 0; i < N; i++) {
            double f = 0;
            for (int j = 0; j <= i; j++) {
                f += l.factorEntry(i, j) * z[j];
            }
            y[i] = f + Math.sqrt(TRUE_NOISE) * rng.nextGaussian();
        }
        sample = new MutableDataset<>(new SimpleDataSourceProvenance("gp sample", FACTORY), FACTORY);
        for (int i = 0; i < N; i++) {
            sample.add(new ArrayExample<>(new Regressor("y", y[i]), new String[]{"a", "b"}, x[i]));
        }
    }

    private static Object run(GaussianProcessModel m, String key) {
        Map<String, ? extends Provenance> run = m.getProvenance().getInstanceProvenance().getMap();
        return ((PrimitiveProvenance<?>) run.get(key)).getValue();
    }

    @Test
    void lbfgsRecoversTheHyperparametersAndBeatsAdam() {
        GaussianProcessModel lbfgs = new GaussianProcessTrainer(KernelType.MATERN52, 200, 0, 1, false, false)
                .train(sample);
        GaussianProcessHyperparameters h = lbfgs.hyperparameters();
        // Sampling error of the MLE at N = 200: the noise variance's relative standard error is about √(2/N) = 10%;
        // lengthscales and the outputscale are less well determined (the outputscale trades off with them).
        assertEquals(TRUE_NOISE, h.noiseVariance(), 0.3 * TRUE_NOISE, "noise variance");
        assertEquals(TRUE_LENGTHSCALES[0], h.lengthscales()[0], 0.35 * TRUE_LENGTHSCALES[0], "lengthscale 1");
        assertEquals(TRUE_LENGTHSCALES[1], h.lengthscales()[1], 0.35 * TRUE_LENGTHSCALES[1], "lengthscale 2");
        assertTrue(h.outputscale() > TRUE_OUTPUTSCALE / 2.5 && h.outputscale() < TRUE_OUTPUTSCALE * 2.5,
                "outputscale " + h.outputscale());
        assertEquals(0.0, h.mean(), 3 * Math.sqrt(TRUE_OUTPUTSCALE), "mean");

        GaussianProcessModel adam = new GaussianProcessTrainer(KernelType.MATERN52, 1000, 0.1, false, false)
                .train(sample);
        double atTruth = ExactGaussianProcessPosterior.of(KernelType.MATERN52.create(TRUE_LENGTHSCALES,
                TRUE_OUTPUTSCALE), TRUE_NOISE, 0.0, x, y).logMarginalLikelihood();
        double fitted = lbfgs.logMarginalLikelihood();
        assertTrue(fitted >= adam.logMarginalLikelihood() - 1e-6, fitted + " vs Adam " + adam.logMarginalLikelihood());
        assertTrue(fitted >= atTruth, fitted + " vs the true hyperparameters' " + atTruth);
        // The recorded likelihood is the posterior's (no standardisation here: working = raw units).
        assertEquals(fitted, (double) run(lbfgs, "gp-fit-log-marginal-likelihood"), 1e-9 * Math.abs(fitted));
        assertEquals("ADAM", run(adam, "gp-fit-optimizer"));
        assertEquals(1000, run(adam, "gp-fit-iterations"));
        assertEquals(StopReason.EPOCHS_COMPLETED.name(), run(adam, "gp-fit-stop-reason"));
    }

    @Test
    void provenanceRecordsTheOptimiserItsIterationsAndWhyItStopped() {
        List<int[]> heard = new ArrayList<>();
        GaussianProcessModel converged = new GaussianProcessTrainer(KernelType.MATERN52).train(sample,
                (start, starts, iteration, max, lml) -> heard.add(new int[]{start, starts, iteration, max}));
        assertEquals("LBFGS", run(converged, "gp-fit-optimizer"));
        int iterations = (int) run(converged, "gp-fit-iterations");
        String reason = (String) run(converged, "gp-fit-stop-reason");
        assertTrue(reason.equals("GRADIENT_TOLERANCE") || reason.equals("RELATIVE_CHANGE"), reason);
        assertTrue(iterations > 3 && iterations < GaussianProcessTrainer.DEFAULT_MAX_ITERATIONS, "" + iterations);
        assertEquals(iterations, heard.size(), "the listener hears every iteration");
        assertArrayEquals(new int[]{0, 1, iterations, GaussianProcessTrainer.DEFAULT_MAX_ITERATIONS},
                heard.get(heard.size() - 1));
        assertTrue((int) run(converged, "gp-fit-evaluations") >= iterations);

        GaussianProcessModel capped = new GaussianProcessTrainer(KernelType.MATERN52, 2, 0, 1, true, true)
                .train(sample);
        assertEquals(2, run(capped, "gp-fit-iterations"));
        assertEquals(StopReason.MAX_ITERATIONS.name(), run(capped, "gp-fit-stop-reason"));
        assertTrue(capped.logMarginalLikelihood() < converged.logMarginalLikelihood());
    }

    @Test
    void restartsKeepTheBestLikelihoodAndAreSeeded() {
        GaussianProcessModel one = new GaussianProcessTrainer(KernelType.MATERN52, 200, 0, 7, true, true)
                .train(sample);
        List<Double> perStart = new ArrayList<>();
        int[] lastStart = {-1};
        GaussianProcessModel four = new GaussianProcessTrainer(KernelType.MATERN52, 200, 3, 7, true, true)
                .train(sample, (start, starts, iteration, max, lml) -> {
                    assertEquals(4, starts);
                    if (start != lastStart[0]) {
                        perStart.add(Double.NaN);
                        lastStart[0] = start;
                    }
                    perStart.set(perStart.size() - 1, lml);
                });
        assertEquals(4, perStart.size(), "every starting point ran");
        double best = perStart.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(best, (double) run(four, "gp-fit-log-marginal-likelihood"), 1e-9 * Math.abs(best));
        assertTrue((double) run(four, "gp-fit-log-marginal-likelihood")
                >= (double) run(one, "gp-fit-log-marginal-likelihood") - 1e-9, "start 0 is among the four");
        GaussianProcessModel again = new GaussianProcessTrainer(KernelType.MATERN52, 200, 3, 7, true, true)
                .train(sample);
        assertArrayEquals(four.hyperparameters().lengthscales(), again.hyperparameters().lengthscales(), 0.0);
    }

    @Test
    void badOptimiserSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcessTrainer(KernelType.MATERN52, -1, 0, 1, true, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianProcessTrainer(KernelType.MATERN52, 10, -2, 1, true, true));
        assertTrue(e.getMessage().contains("restarts"), e.getMessage());
    }
}
