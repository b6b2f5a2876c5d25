package org.batchgfn.acquisition;

import org.batchgfn.problem.HallucinatedAcquisition;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.GaussianProcessPosterior;
import org.batchgfn.gp.PosteriorCovariance;
import org.batchgfn.gp.kernel.KernelType;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HallucinatedAcquisitionTest {

    private static final double NOISE = 0.05;

    private static AcquisitionProblem problem() {
        double[][] trainX = {{-1.0}, {0.2}, {1.1}};
        double[] trainY = {0.4, -0.3, 0.9};
        GaussianProcessPosterior post = ExactGaussianProcessPosterior.of(
                KernelType.MATERN52.create(new double[]{0.7}, 1.2), NOISE, 0.1, trainX, trainY);
        double[][] pool = {{-1.5}, {-0.6}, {-0.2}, {0.5}, {0.8}, {1.6}};
        return AcquisitionProblem.of(pool, trainX, trainY, post);
    }

    /**
     * Over many draws the hallucinated labels of the lookahead batch have the posterior predictive moments at the
     * batch's own points: mean μ and covariance Σ + σ²I (tolerance 5 sampling standard errors).
     */
    @Test
    void labelsHavePosteriorPredictiveMoments() {
        AcquisitionProblem p = problem();
        int[] batch = {4, 0, 2};
        double[][] xb = {p.poolFeatures()[4], p.poolFeatures()[0], p.poolFeatures()[2]};
        double[] mu = p.posterior().mean(xb);
        PosteriorCovariance cov = p.posterior().covariance(xb);
        int draws = 6000;
        double[][] s = new double[draws][];
        SplittableRandom rng = new SplittableRandom(17);
        for (int d = 0; d < draws; d++) {
            s[d] = HallucinatedAcquisition.draw(p, batch, rng).labels();
        }
        double[] mean = new double[3];
        for (double[] row : s) {
            for (int a = 0; a < 3; a++) {
                mean[a] += row[a] / draws;
            }
        }
        for (int a = 0; a < 3; a++) {
            double va = cov.variance(a) + NOISE;
            assertEquals(mu[a], mean[a], 5 * Math.sqrt(va / draws), "mean " + a);
            for (int b = 0; b <= a; b++) {
                double c = 0;
                for (double[] row : s) {
                    c += (row[a] - mean[a]) * (row[b] - mean[b]);
                }
                c /= draws - 1;
                double vb = cov.variance(b) + NOISE;
                double expected = cov.covariance(a, b) + (a == b ? NOISE : 0);
                double se = Math.sqrt((va * vb + expected * expected) / draws);
                assertEquals(expected, c, 5 * se, "cov(" + a + "," + b + ")");
            }
        }
    }

    /** The next problem: batch removed from the pool (order kept), appended to the training set, GP conditioned. */
    @Test
    void nextProblemIsTheCurrentOneAfterObservingTheLabels() {
        AcquisitionProblem p = problem();
        HallucinatedAcquisition h = HallucinatedAcquisition.draw(p, new int[]{3, 1}, new SplittableRandom(3));
        AcquisitionProblem next = h.next();
        assertArrayEquals(new double[][]{{-1.5}, {-0.2}, {0.8}, {1.6}}, next.poolFeatures());
        assertArrayEquals(new double[][]{{-1.0}, {0.2}, {1.1}, {0.5}, {-0.6}}, next.trainFeatures());
        assertArrayEquals(new double[]{0.4, -0.3, 0.9, h.labels()[0], h.labels()[1]}, next.trainTargets(), 0.0);
        assertEquals(5, next.posterior().trainingSize());
        // Independent truth: the GP fitted directly on the union with the same hyperparameters.
        GaussianProcessPosterior direct = ExactGaussianProcessPosterior.of(
                KernelType.MATERN52.create(new double[]{0.7}, 1.2), NOISE, 0.1, next.trainFeatures(),
                next.trainTargets());
        double[][] t = {{-0.9}, {0.5}, {1.3}};
        assertArrayEquals(direct.mean(t), next.posterior().mean(t), 1e-9);
        // The lookahead reward is the JMI under the conditioned posterior over the new pool.
        PosteriorCovariance c = direct.covariance(next.poolFeatures());
        double[][] k = {{1 + c.variance(0) / NOISE, c.covariance(0, 2) / NOISE},
                {c.covariance(2, 0) / NOISE, 1 + c.variance(2) / NOISE}};
        double expectedJmi = 0.5 * Math.log(k[0][0] * k[1][1] - k[0][1] * k[1][0]);
        assertEquals(expectedJmi, next.reward().value(new int[]{0, 2}), 1e-9);
    }

    @Test
    void rejectsBadBatchesAndMissingPosterior() {
        AcquisitionProblem p = problem();
        SplittableRandom rng = new SplittableRandom(1);
        assertThrows(IllegalArgumentException.class, () -> HallucinatedAcquisition.draw(p, new int[]{1, 1}, rng));
        assertThrows(IllegalArgumentException.class, () -> HallucinatedAcquisition.draw(p, new int[]{6}, rng));
        assertThrows(IllegalArgumentException.class,
                () -> HallucinatedAcquisition.draw(p, new int[]{0, 1, 2, 3, 4, 5}, rng));
        AcquisitionProblem noPosterior = new AcquisitionProblem(p.poolFeatures(), p.trainFeatures(),
                p.trainTargets(), null, p.reward());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HallucinatedAcquisition.draw(noPosterior, new int[]{0}, rng));
        assertEquals(true, e.getMessage().contains("posterior"));
    }

    /** Labelling a batch directly checks the labels against the batch as well as the batch itself. */
    @Test
    void afterLabellingRejectsMismatchedLabelsAndBadBatches() {
        AcquisitionProblem p = problem();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.afterLabelling(new int[]{0, 2}, new double[]{0.1}));
        assertEquals(true, e.getMessage().contains("2 points but 1 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.afterLabelling(new int[]{2, 2}, new double[]{0, 0}));
        assertThrows(IllegalArgumentException.class, () -> p.afterLabelling(new int[]{-1}, new double[]{0}));
    }
}
