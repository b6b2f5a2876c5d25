package org.batchgfn.acquisition;

import org.batchgfn.gp.GaussianProcessPosterior;
import org.batchgfn.reward.JointMutualInformation;

/**
 * Everything a strategy may look at when choosing a batch: the unlabelled pool, the labelled training data, the
 * GP posterior and the batch reward over the pool. Pool indices in a returned batch refer to rows of
 * {@link #poolFeatures()}.
 *
 * @param poolFeatures  unlabelled pool, N rows of d raw features (model feature order)
 * @param trainFeatures labelled inputs, M rows of d raw features
 * @param trainTargets  labelled targets, M raw values
 * @param posterior     the GP posterior given the training data
 * @param reward        the JMI over the pool under that posterior
 */
public record AcquisitionProblem(double[][] poolFeatures, double[][] trainFeatures, double[] trainTargets,
                                 GaussianProcessPosterior posterior, JointMutualInformation reward) {

    /**
     * Builds the problem, computing the JMI over the pool from the posterior.
     *
     * @param poolFeatures  the pool
     * @param trainFeatures training inputs
     * @param trainTargets  training targets
     * @param posterior     the GP posterior
     * @return the problem
     * @throws IllegalArgumentException for an empty pool, mismatched dimensions or non-finite values
     */
    public static AcquisitionProblem of(double[][] poolFeatures, double[][] trainFeatures, double[] trainTargets,
                                        GaussianProcessPosterior posterior) {
        if (poolFeatures.length == 0) {
            throw new IllegalArgumentException("the unlabelled pool is empty: nothing to acquire");
        }
        int d = posterior.inputDimension();
        checkMatrix("pool", poolFeatures, d);
        checkMatrix("training", trainFeatures, d);
        if (trainTargets.length != trainFeatures.length) {
            throw new IllegalArgumentException("training set has " + trainFeatures.length + " inputs but "
                    + trainTargets.length + " targets");
        }
        for (int i = 0; i < trainTargets.length; i++) {
            if (!Double.isFinite(trainTargets[i])) {
                throw new IllegalArgumentException("training target " + i + " is " + trainTargets[i]
                        + "; targets must be finite");
            }
        }
        JointMutualInformation jmi = new JointMutualInformation(posterior.covariance(poolFeatures),
                posterior.noiseVariance());
        return new AcquisitionProblem(poolFeatures, trainFeatures, trainTargets, posterior, jmi);
    }

    /** @return the pool size N */
    public int poolSize() {
        return poolFeatures.length;
    }

    private static void checkMatrix(String what, double[][] m, int d) {
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != d) {
                throw new IllegalArgumentException(what + " row " + i + " has " + m[i].length
                        + " features but the model expects " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(what + " row " + i + ", feature " + j + " is " + m[i][j]
                            + "; features must be finite (no NaN or infinity)");
                }
            }
        }
    }
}
