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
     * @return whether {@link #logProbabilities} may be called from several threads at once (then the sampler draws
     *         a step's trajectories in parallel); false unless an implementation says so
     */
    default boolean isThreadSafe() {
        return false;
    }
}
