package org.batchgfn.gp;

import org.batchgfn.gp.kernel.KernelType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GaussianProcessMarginalLikelihoodTest {

    private static double softplus(double x) {
        return Math.log(1 + Math.exp(x));
    }

    @Test
    void valueMatchesDirectTwoPointGaussianDensity() {
        double[][] x = {{0.0}, {0.8}};
        double[] y = {0.4, -0.3};
        double[] raw = {0.2, -0.1, -1.0, 0.15};
        double ell = softplus(0.2);
        double s = softplus(-0.1);
        double noise = 1e-4 + softplus(-1.0);
        double m = 0.15;
        double k12 = s * Math.exp(-0.5 * 0.64 / (ell * ell));
        double a = s + noise;
        double det = a * a - k12 * k12;
        double r1 = y[0] - m;
        double r2 = y[1] - m;
        // K⁻¹ = [[a, −k12], [−k12, a]] / det
        double quad = (a * r1 * r1 - 2 * k12 * r1 * r2 + a * r2 * r2) / det;
        double expected = -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
        ExactMarginalLikelihood lml = new ExactMarginalLikelihood(KernelType.RBF, x, y);
        assertEquals(expected, lml.value(raw), 1e-12);
        assertEquals(expected, lml.valueAndGradient(raw, new double[4]), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KernelType.class)
    void gradientMatchesCentralDifferencesForEveryHyperparameterArd(KernelType type) {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 7;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextDouble(-2, 2);
            x[i][1] = rng.nextDouble(-2, 2);
            y[i] = Math.sin(x[i][0]) + 0.5 * x[i][1] + 0.1 * rng.nextGaussian();
        }
        ExactMarginalLikelihood lml = new ExactMarginalLikelihood(type, x, y);
        double[] raw = {0.3, -0.4, 0.2, -1.5, 0.25};
        double[] grad = new double[5];
        lml.valueAndGradient(raw, grad);
        double h = 1e-5;
        for (int p = 0; p < raw.length; p++) {
            double[] plus = raw.clone();
            double[] minus = raw.clone();
            plus[p] += h;
            minus[p] -= h;
            double fd = (lml.value(plus) - lml.value(minus)) / (2 * h);
            assertEquals(fd, grad[p], 1e-6 * (1 + Math.abs(fd)), type + " parameter " + p);
        }
    }

    @Test
    void hyperparametersApplySoftplusAndNoiseFloor() {
        GaussianProcessHyperparameters h = ExactMarginalLikelihood.hyperparameters(new double[]{0, 0, -50, 1.5}, 1);
        assertEquals(Math.log(2), h.lengthscales()[0], 1e-15);
        assertEquals(Math.log(2), h.outputscale(), 1e-15);
        assertEquals(1e-4, h.noiseVariance(), 1e-15);
        assertEquals(1.5, h.mean(), 0.0);
    }
}
