package org.batchgfn.problem;

import org.batchgfn.gp.GaussianProcessPosterior;

import java.util.SplittableRandom;

/**
 * One hypothetical acquisition (paper §3.2, Algorithm 1 lookahead): the batch's labels are hallucinated by one joint
 * draw from the GP posterior predictive {@code y ~ N(μ_B, Σ_B + σ²I)}, and the problem of the next round is built as
 * if they had been observed: the batch leaves the pool, joins the training set, and the GP is conditioned on it
 * with unchanged hyperparameters ({@link GaussianProcessPosterior#condition}); the JMI of the next problem is the
 * lookahead reward. Immutable.
 *
 * @param batch  the pool indices of the hallucinated acquisition (indices into the current problem's pool)
 * @param labels the hallucinated labels, raw target units, indexed like {@code batch}
 * @param next   the next round's problem given those labels
 */
public record HallucinatedAcquisition(int[] batch, double[] labels, AcquisitionProblem next) {

    /**
     * @param problem the current problem; must carry a GP posterior
     * @param batch   distinct pool indices to hallucinate
     * @param rng     source of the joint draw
     * @return the hallucinated labels and the next problem
     * @throws IllegalArgumentException if the problem has no posterior, the batch has repeated or out-of-range
     *                                  indices, or it would empty the pool
     */
    public static HallucinatedAcquisition draw(AcquisitionProblem problem, int[] batch, SplittableRandom rng) {
        GaussianProcessPosterior posterior = problem.posterior();
        if (posterior == null) {
            throw new IllegalArgumentException("lookahead needs the GP posterior of the acquisition problem, "
                    + "which has none");
        }
        problem.batchMask(batch); // a bad batch fails here, before the draw
        double[][] xBatch = new double[batch.length][];
        for (int k = 0; k < batch.length; k++) {
            xBatch[k] = problem.poolFeatures()[batch[k]];
        }
        double[] labels = posterior.sample(xBatch, true, 1, rng)[0];
        return new HallucinatedAcquisition(batch.clone(), labels, problem.afterLabelling(batch, labels));
    }
}
