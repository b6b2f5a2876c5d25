package org.batchgfn.onnx;

/**
 * The caller's reward for best-of-K sampling ({@link OnnxPolicy#bestOf}): higher is better. For BatchGFN this is
 * typically the joint mutual information of the batch under the caller's GP, but the runtime does not care.
 */
@FunctionalInterface
public interface BatchScorer {

    /**
     * @param batch distinct pool indices (a fresh array the scorer may keep)
     * @return the batch's score; NaN is treated as worse than any number
     */
    double score(int[] batch);
}
