/**
 * Exact Gaussian-process regression as a Tribuo {@link org.tribuo.Trainer}/{@link org.tribuo.Model}
 * ({@link org.batchgfn.gp.GaussianProcessTrainer}, {@link org.batchgfn.gp.GaussianProcessModel}) and the posterior
 * contract acquisition code consumes ({@link org.batchgfn.gp.GaussianProcessPosterior},
 * {@link org.batchgfn.gp.PosteriorCovariance}), implemented by
 * {@link org.batchgfn.gp.ExactGaussianProcessPosterior}: lazy joint covariances, joint samples and conditioning
 * without refitting.
 */
package org.batchgfn.gp;
