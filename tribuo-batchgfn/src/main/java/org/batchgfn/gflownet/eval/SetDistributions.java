package org.batchgfn.gflownet.eval;

import org.batchgfn.gflownet.policy.ForwardPolicy;
import org.batchgfn.reward.BatchReward;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distributions over all B-sets of a pool, indexed by {@link SetIndexer} rank: what a forward policy samples
 * (exactly, summing over every ordering), what the reward asks for ({@code R(S) = exp(r(S)/T)} normalised), and
 * what a finite sample shows.
 */
public final class SetDistributions {

    private SetDistributions() {
    }

    /**
     * The probability that the policy samples {@code set}, summed over its {@code B!} orderings by a DP over the
     * subsets of the set: {@code P(A ∪ {x}) += P(A) · PF(x | A)}, {@code O(2^B · B)} plus one policy call per
     * proper subset.
     *
     * @param policy the forward policy
     * @param set    distinct pool indices
     * @return the marginal probability of reaching exactly that set
     */
    public static double setProbability(ForwardPolicy policy, int[] set) {
        int b = set.length;
        if (b > 30) {
            throw new IllegalArgumentException("set of size " + b + " is too large for a subset DP");
        }
        double[] p = new double[1 << b];
        p[0] = 1;
        for (int mask = 0; mask < (1 << b) - 1; mask++) {
            if (p[mask] == 0) {
                continue;
            }
            int[] subset = new int[Integer.bitCount(mask)];
            int k = 0;
            for (int i = 0; i < b; i++) {
                if ((mask & (1 << i)) != 0) {
                    subset[k++] = set[i];
                }
            }
            double[] logPf = policy.logProbabilities(subset);
            for (int i = 0; i < b; i++) {
                if ((mask & (1 << i)) == 0) {
                    p[mask | (1 << i)] += p[mask] * Math.exp(logPf[set[i]]);
                }
            }
        }
        return p[(1 << b) - 1];
    }

    /**
     * The exact distribution of the policy over all B-sets, by forward propagation of probability mass through
     * the state DAG level by level: one policy evaluation per non-terminal state ({@code Σ_{k<B} C(N, k)} of them).
     *
     * @param policy  the forward policy
     * @param indexer the set indexing (fixes N and B)
     * @return {@code p[rank]} for every set
     */
    public static double[] policyDistribution(ForwardPolicy policy, SetIndexer indexer) {
        int n = indexer.poolSize();
        if (policy.poolSize() != n) {
            throw new IllegalArgumentException("policy is over " + policy.poolSize() + " points, indexer over " + n);
        }
        Map<List<Integer>, Double> level = new HashMap<>();
        level.put(List.of(), 1.0);
        for (int k = 0; k < indexer.setSize(); k++) {
            Map<List<Integer>, Double> next = new HashMap<>();
            for (Map.Entry<List<Integer>, Double> e : level.entrySet()) {
                int[] state = e.getKey().stream().mapToInt(Integer::intValue).toArray();
                double[] logPf = policy.logProbabilities(state);
                for (int x = 0; x < n; x++) {
                    if (logPf[x] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int[] child = Arrays.copyOf(state, k + 1);
                    child[k] = x;
                    Arrays.sort(child);
                    next.merge(Arrays.stream(child).boxed().toList(), e.getValue() * Math.exp(logPf[x]), Double::sum);
                }
            }
            level = next;
        }
        double[] out = new double[indexer.count()];
        for (Map.Entry<List<Integer>, Double> e : level.entrySet()) {
            out[indexer.rank(e.getKey().stream().mapToInt(Integer::intValue).toArray())] += e.getValue();
        }
        return out;
    }

    /**
     * The target distribution {@code R(S)/Σ R} with {@code R(S) = exp(reward(S)/T)}, computed stably in log space.
     *
     * @param reward      the batch reward (JMI)
     * @param indexer     the set indexing
     * @param temperature T &gt; 0
     * @return {@code p[rank]} for every set
     */
    public static double[] rewardDistribution(BatchReward reward, SetIndexer indexer, double temperature) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (reward.poolSize() != indexer.poolSize()) {
            throw new IllegalArgumentException("reward is over " + reward.poolSize() + " points, indexer over "
                    + indexer.poolSize());
        }
        double[] logR = new double[indexer.count()];
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < logR.length; r++) {
            logR[r] = reward.value(indexer.unrank(r)) / temperature;
            max = Math.max(max, logR[r]);
        }
        double sum = 0;
        for (double v : logR) {
            sum += Math.exp(v - max);
        }
        double[] out = new double[logR.length];
        for (int r = 0; r < logR.length; r++) {
            out[r] = Math.exp(logR[r] - max) / sum;
        }
        return out;
    }

    /**
     * The empirical distribution of sampled sets.
     *
     * @param samples sampled batches (order within a batch ignored)
     * @param indexer the set indexing
     * @return the fraction of samples equal to each set
     */
    public static double[] empiricalDistribution(List<int[]> samples, SetIndexer indexer) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples: an empirical distribution needs at least one");
        }
        double[] out = new double[indexer.count()];
        for (int[] s : samples) {
            out[indexer.rank(s)] += 1.0 / samples.size();
        }
        return out;
    }
}
