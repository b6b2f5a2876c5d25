package org.batchgfn.acquisition;

import org.batchgfn.gflownet.ToyPosterior;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.reward.DirectJmi;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quality of what {@link BatchGfnAcquisition} returns, against the exhaustive optimum: on pools small enough to
 * enumerate every batch (14 points, B = 4: 1001 batches), the JMI of every batch is computed independently (a
 * log-determinant by Gaussian elimination, {@link DirectJmi}) and the strategy, with its default settings scaled
 * down to 200 steps at width 32, must return a batch within 1% of the best. The problems are chosen so
 * that a fixed batch (the first four indices) is more than 1% below the optimum, so a strategy that ignored the
 * reward would fail.
 */
class BatchGfnQualityTest {

    private static final int N = 14;
    private static final int B = 4;
    private static final double NOISE = 0.01;

    /** An RBF prior covariance over n random 1-D inputs, built here (not by the library). */
    private static double[][] rbfCovariance(double[] x, double lengthscale) {
        double[][] s = new double[x.length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                double d = (x[i] - x[j]) / lengthscale;
                s[i][j] = Math.exp(-0.5 * d * d);
            }
        }
        return s;
    }

    /** The defaults' training, network and sampling settings, at width 32 and 200 steps. */
    private static BatchGfnAcquisition scaledDownDefaults() {
        BatchGfnAcquisition defaults = BatchGfnAcquisition.defaults();
        PolicyArchitecture arch = defaults.policyArchitecture();
        return new BatchGfnAcquisition(new PolicyArchitecture(32, arch.encoderLayers(), arch.inputFeatures()),
                defaults.trainerSettings().withSteps(200).withThreads(1), defaults.samples());
    }

    @Test
    void returnsABatchWithinOnePercentOfTheExhaustiveOptimum() {
        int[][] all = Problems.combinations(N, B);
        assertEquals(1001, all.length);
        int[] firstIndices = {0, 1, 2, 3};
        for (long seed : new long[]{3, 4, 5}) {
            double[] x = ToyPosterior.inputs(N, seed);
            double[][] sigma = rbfCovariance(x, 0.7);
            double optimum = Double.NEGATIVE_INFINITY;
            for (int[] set : all) {
                optimum = Math.max(optimum, DirectJmi.jmi(sigma, NOISE, set));
            }
            double fixed = DirectJmi.jmi(sigma, NOISE, firstIndices);
            assertTrue(fixed < 0.99 * optimum, "seed " + seed + ": the first-index batch must be more than 1% "
                    + "below the optimum for this test to discriminate; " + fixed + " vs " + optimum);

            AcquisitionProblem problem = new AcquisitionProblem(ToyPosterior.column(x), new double[][]{{0.0}},
                    new double[]{0.0}, null, new JointMutualInformation(new DenseCovariance(sigma), NOISE));
            int[] batch = scaledDownDefaults().select(problem, B, new SplittableRandom(seed));
            assertEquals(B, Arrays.stream(batch).distinct().filter(i -> i >= 0 && i < N).count(),
                    "seed " + seed + ": " + Arrays.toString(batch));
            double jmi = DirectJmi.jmi(sigma, NOISE, batch);
            assertTrue(jmi >= 0.99 * optimum, "seed " + seed + ": returned " + Arrays.toString(batch) + " with JMI "
                    + jmi + ", exhaustive optimum " + optimum + " (ratio " + jmi / optimum + ")");
        }
    }
}
