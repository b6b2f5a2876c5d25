package org.batchgfn.reward;

/**
 * The utility of acquiring a batch of pool points, in nats: the log-reward (up to temperature) that batch
 * acquisition strategies maximise and the GFlowNet samples in proportion to, {@code R(batch) = exp(value/T)}.
 * <p>
 * A reward is bound to one pool (and one model state); batches are arrays of distinct pool indices.
 */
public interface BatchReward {

    /** @return a short stable name for provenance and ONNX metadata, e.g. {@code "jmi"} */
    String name();

    /** @return the number of pool points the reward is defined over */
    int poolSize();

    /**
     * @param batch distinct pool indices
     * @return the reward value of the set (order-independent)
     */
    double value(int[] batch);

    /**
     * The values of every prefix of an ordered batch: {@code out[k]} is the value of {@code batch[0..k]}
     * (inclusive). Used for intermediate energies of partial sets.
     *
     * @param batch distinct pool indices in order
     * @return array of the same length as {@code batch}
     */
    default double[] prefixValues(int[] batch) {
        double[] out = new double[batch.length];
        for (int k = 0; k < batch.length; k++) {
            out[k] = value(java.util.Arrays.copyOf(batch, k + 1));
        }
        return out;
    }
}
