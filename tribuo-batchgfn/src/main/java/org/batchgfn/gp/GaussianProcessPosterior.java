package org.batchgfn.gp;

import java.util.SplittableRandom;

/**
 * The posterior of an exact GP regressor given its training data, on raw feature vectors (in the model's feature
 * order) and in raw target units; any input/target standardisation is applied internally.
 * <p>
 * This is what acquisition code needs beyond Tribuo's {@code Model.predict}: joint covariances over a pool, joint
 * posterior samples (hallucinated labels) and conditioning on extra observations (lookahead). Implementations are
 * immutable and thread-safe.
 */
public interface GaussianProcessPosterior {

    /** @return the input dimension d */
    int inputDimension();

    /** @return the number of training points M the posterior is conditioned on */
    int trainingSize();

    /** @return the observation-noise variance σ² in raw target units */
    double noiseVariance();

    /**
     * @param x points, each of length {@link #inputDimension()}
     * @return the posterior mean of the latent function at each point, raw target units
     */
    double[] mean(double[][] x);

    /**
     * @param x points
     * @return the posterior variance of the latent function (without noise) at each point, raw target units², ≥ 0
     */
    double[] latentVariance(double[][] x);

    /**
     * The joint posterior covariance of the latent function over {@code x}, in the same units as
     * {@link #noiseVariance()}. Lazy: O(N·M²) to prepare, O(N·M) per column.
     *
     * @param x points
     * @return the covariance over {@code x}, indexed like {@code x}
     */
    PosteriorCovariance covariance(double[][] x);

    /**
     * The GP's <em>prior</em> covariance {@code k(x, x')} over {@code x}, with the same fitted hyperparameters and in
     * the same raw target units as {@link #covariance}: the covariance before conditioning on any training point.
     * Distance-based batch strategies (MaxDist, KMeans++, LCMD) measure distances with it. O(N·d) to prepare,
     * O(N·d) per column.
     *
     * @param x points
     * @return the prior covariance over {@code x}, indexed like {@code x}
     * @throws UnsupportedOperationException if this posterior cannot give its prior (the default)
     */
    default PosteriorCovariance priorCovariance(double[][] x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose its prior kernel; "
                + "use the posterior selection kernel instead");
    }

    /**
     * Joint posterior samples at {@code x}.
     *
     * @param x            points
     * @param withNoise    true to sample noisy labels {@code y ~ N(μ, Σ + σ²I)} (hallucinated labels), false for
     *                     the latent {@code f ~ N(μ, Σ)}
     * @param numSamples   number of independent joint draws
     * @param rng          random source
     * @return {@code [numSamples][x.length]} samples in raw target units
     */
    double[][] sample(double[][] x, boolean withNoise, int numSamples, SplittableRandom rng);

    /**
     * The posterior after additionally observing {@code y} at {@code x}, with the same hyperparameters and
     * standardisation constants (no refit). Used for lookahead on hallucinated labels.
     *
     * @param x new inputs
     * @param y their labels, raw target units
     * @return a new posterior conditioned on the training data plus {@code (x, y)}
     */
    GaussianProcessPosterior condition(double[][] x, double[] y);
}
