package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.gp.GaussianProcessPosterior;
import org.batchgfn.gp.PosteriorCovariance;
import org.batchgfn.reward.JointMutualInformation;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Test fixtures: acquisition problems over explicit covariance matrices, without a GP. */
final class Problems {

    private Problems() {
    }

    /**
     * @param sigma         pool covariance
     * @param noiseVariance σ²
     * @return a problem whose pool has one dummy feature per point, no training data and no posterior
     */
    static AcquisitionProblem of(double[][] sigma, double noiseVariance) {
        int n = sigma.length;
        double[][] pool = new double[n][1];
        return new AcquisitionProblem(pool, new double[0][1], new double[0], null,
                new JointMutualInformation(new DenseCovariance(sigma), noiseVariance));
    }

    /** @return a diagonal covariance with the given variances */
    static double[][] diagonal(double... variances) {
        double[][] s = new double[variances.length][variances.length];
        for (int i = 0; i < variances.length; i++) {
            s[i][i] = variances[i];
        }
        return s;
    }

    /** @return all k-subsets of {0..n-1} as increasing arrays */
    static int[][] combinations(int n, int k) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        int[] c = new int[k];
        for (int i = 0; i < k; i++) {
            c[i] = i;
        }
        while (true) {
            out.add(c.clone());
            int i = k - 1;
            while (i >= 0 && c[i] == n - k + i) {
                i--;
            }
            if (i < 0) {
                return out.toArray(new int[0][]);
            }
            c[i]++;
            for (int j = i + 1; j < k; j++) {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    /** @return whether the indices are distinct and within [0, n) */
    static boolean distinctInRange(int[] batch, int n) {
        int[] s = batch.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || s[i] >= n || (i > 0 && s[i] == s[i - 1])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A stand-in posterior for {@link AcquisitionProblem#of} validation tests: fixed dimension, identity-like
     * covariance, no other behaviour.
     */
    static GaussianProcessPosterior stubPosterior(int dimension, double noiseVariance) {
        return new GaussianProcessPosterior() {
            @Override
            public int inputDimension() {
                return dimension;
            }

            @Override
            public int trainingSize() {
                return 0;
            }

            @Override
            public double noiseVariance() {
                return noiseVariance;
            }

            @Override
            public double[] mean(double[][] x) {
                return new double[x.length];
            }

            @Override
            public double[] latentVariance(double[][] x) {
                double[] v = new double[x.length];
                Arrays.fill(v, 1.0);
                return v;
            }

            @Override
            public PosteriorCovariance covariance(double[][] x) {
                double[] v = new double[x.length];
                Arrays.fill(v, 1.0);
                return new DenseCovariance(diagonal(v));
            }

            @Override
            public double[][] sample(double[][] x, boolean withNoise, int numSamples, SplittableRandom rng) {
                throw new UnsupportedOperationException("not needed by these tests");
            }

            @Override
            public GaussianProcessPosterior condition(double[][] x, double[] y) {
                throw new UnsupportedOperationException("not needed by these tests");
            }
        };
    }
}
