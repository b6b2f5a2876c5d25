package org.batchgfn.spark;

import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.GaussianProcessModel;

import java.io.Serializable;

/**
 * What the driver holds in a distributed acquisition round: the fitted GP's posterior and the labelled training
 * set (raw features in the pool's feature order, raw targets). It is broadcast once per {@code select} call to every
 * executor (the posterior's size is O(M²) for M labelled points); the pool itself stays in Spark. Immutable.
 *
 * @param posterior     the exact GP posterior given the training set
 * @param trainFeatures the M labelled inputs, rows of d raw features
 * @param trainTargets  their M raw targets
 */
public record DistributedProblem(ExactGaussianProcessPosterior posterior, double[][] trainFeatures,
                                 double[] trainTargets) implements Serializable {

    /**
     * @throws IllegalArgumentException if the training rows and targets do not pair up or have the wrong width
     */
    public DistributedProblem {
        if (trainFeatures.length != trainTargets.length) {
            throw new IllegalArgumentException("the training set has " + trainFeatures.length + " feature rows but "
                    + trainTargets.length + " targets");
        }
        for (int i = 0; i < trainFeatures.length; i++) {
            if (trainFeatures[i].length != posterior.inputDimension()) {
                throw new IllegalArgumentException("training row " + i + " has " + trainFeatures[i].length
                        + " features but the GP expects " + posterior.inputDimension());
            }
        }
    }

    /**
     * The problem of a GP fitted with tribuo-batchgfn's {@code GaussianProcessTrainer}.
     *
     * @param model         the fitted model
     * @param trainFeatures the raw training features it was fitted on, in the model's feature order
     * @param trainTargets  the raw training targets
     * @return the problem
     */
    public static DistributedProblem of(GaussianProcessModel model, double[][] trainFeatures, double[] trainTargets) {
        return new DistributedProblem(model.posterior(), trainFeatures, trainTargets);
    }

    /** @return d, the number of features */
    public int dimension() {
        return posterior.inputDimension();
    }
}
