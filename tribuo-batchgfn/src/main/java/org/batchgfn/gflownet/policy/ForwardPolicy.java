package org.batchgfn.gflownet.policy;

/**
 * A forward policy {@code PF(x | S)} of the set-construction environment: a distribution over the pool points
 * not yet in the state. Exact evaluation, sampling and tests only need this view of a policy.
 */
public interface ForwardPolicy {

    /** @return N, the pool size */
    int poolSize();

    /**
     * @param state the chosen pool indices (distinct; order irrelevant)
     * @return array of length N with {@code log PF(x | state)}; {@code −∞} at every chosen point
     */
    double[] logProbabilities(int[] state);

    /**
     * The policy's logits: {@link #logProbabilities} up to one additive constant per state (the log-normaliser),
     * which a Gumbel-max draw does not need, so samplers call this and skip the N exponentials of the normaliser.
     * The default returns the log-probabilities themselves.
     *
     * @param state the chosen pool indices (distinct; order irrelevant)
     * @return array of length N with {@code log PF(x | state) + c(state)}; {@code −∞} at every chosen point
     */
    default double[] logits(int[] state) {
        return logProbabilities(state);
    }

    /**
     * @return whether {@link #logProbabilities} may be called from several threads at once (then the sampler draws
     *         a step's trajectories in parallel); false unless an implementation says so
     */
    default boolean isThreadSafe() {
        return false;
    }
}
