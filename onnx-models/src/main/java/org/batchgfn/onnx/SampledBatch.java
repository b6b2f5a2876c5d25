package org.batchgfn.onnx;

import java.util.Arrays;

/**
 * A batch drawn from a BatchGFN policy: B distinct pool indices in the order the policy chose them, and the
 * log-probability of that ordered trajectory, {@code Σ_k log PF(x_k | {x_0 … x_{k−1}})} in nats. (The probability of
 * the batch as a set sums this over all B! orderings; the runtime does not compute it.) Immutable.
 */
public final class SampledBatch {

    private final int[] indices;
    private final double logProbability;

    /**
     * @param indices        distinct pool indices in selection order
     * @param logProbability log-probability of the ordered trajectory
     */
    public SampledBatch(int[] indices, double logProbability) {
        this.indices = indices.clone();
        this.logProbability = logProbability;
    }

    /** @return a copy of the pool indices, in selection order */
    public int[] indices() {
        return indices.clone();
    }

    /** @return the batch size B */
    public int size() {
        return indices.length;
    }

    /** @return the log-probability of the ordered trajectory (nats, ≤ 0) */
    public double logProbability() {
        return logProbability;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampledBatch s && Arrays.equals(indices, s.indices)
                && Double.compare(logProbability, s.logProbability) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Double.hashCode(logProbability);
    }

    @Override
    public String toString() {
        return "SampledBatch(indices=" + Arrays.toString(indices) + ", logProbability=" + logProbability + ")";
    }
}
