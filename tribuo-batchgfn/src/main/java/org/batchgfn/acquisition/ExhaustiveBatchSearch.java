package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.batchgfn.reward.MarginalGains;

import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * The exact JMI argmax over all {@code C(N, B)} batches: a reference for small pools (how far greedy BatchBALD or
 * a GFlowNet sample is from the optimum), not a strategy for real pools.
 * <p>
 * Batches are enumerated as increasing index tuples by depth-first search. Work is shared between batches with a
 * common prefix: each internal node of the search tree holds a {@link MarginalGains} state for its prefix (a copy
 * of its parent's plus one rank-1 update), and the last point of a batch is scored by its marginal gain alone, so
 * a complete batch costs O(1) and only the {@code Σ_{k<B} C(N, k)} prefixes cost O(N·(M + B)) each.
 * <p>
 * The search refuses to start when {@code C(N, B)} exceeds {@link #maxSubsets()}. The result is the
 * lexicographically first optimal batch (ties need a strictly larger value to displace it), returned in
 * increasing index order. Deterministic; the random source is unused.
 */
public final class ExhaustiveBatchSearch implements AcquisitionStrategy {

    /** The name used on the command line and in results. */
    public static final String NAME = "exhaustive";

    /** Default limit on the number of batches enumerated. */
    public static final long DEFAULT_MAX_SUBSETS = 2_000_000L;

    @Config(description = "Largest number of candidate batches C(N, B) the search will enumerate; larger "
            + "problems are refused with an error.")
    private long maxSubsets = DEFAULT_MAX_SUBSETS;

    /** Creates the search with the default limit {@value #DEFAULT_MAX_SUBSETS}. */
    public ExhaustiveBatchSearch() {
    }

    /**
     * @param maxSubsets the largest {@code C(N, B)} to enumerate, ≥ 1
     * @throws IllegalArgumentException if the limit is below 1
     */
    public ExhaustiveBatchSearch(long maxSubsets) {
        this.maxSubsets = maxSubsets;
        postConfig();
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException if the limit is below 1
     */
    @Override
    public void postConfig() {
        if (maxSubsets < 1) {
            throw new IllegalArgumentException("exhaustive search limit maxSubsets must be >= 1, got " + maxSubsets);
        }
    }

    /** @return the largest number of batches the search will enumerate */
    public long maxSubsets() {
        return maxSubsets;
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        int n = problem.poolSize();
        AcquisitionStrategy.checkBatchSize(batchSize, n);
        long count = binomial(n, batchSize, maxSubsets);
        if (count > maxSubsets) {
            throw new IllegalArgumentException("exhaustive search over C(" + n + ", " + batchSize + ") = "
                    + binomialText(n, batchSize) + " batches exceeds the limit maxSubsets = " + maxSubsets
                    + "; use a smaller pool or batch size, or raise the limit");
        }
        Search search = new Search(n, batchSize);
        search.descend(problem.reward().marginalGains(), 0);
        return search.best;
    }

    /** Depth-first enumeration state: the best batch so far and the current prefix. */
    private static final class Search {
        private final int n;
        private final int size;
        private final int[] prefix;
        private int[] best;
        private double bestValue = Double.NEGATIVE_INFINITY;

        Search(int n, int size) {
            this.n = n;
            this.size = size;
            this.prefix = new int[size];
        }

        /**
         * @param state gains given the first {@code depth} points of {@link #prefix}
         * @param depth number of points fixed so far
         */
        void descend(MarginalGains state, int depth) {
            int start = depth == 0 ? 0 : prefix[depth - 1] + 1;
            int remaining = size - depth;
            if (remaining == 1) {
                double base = state.value();
                for (int i = start; i < n; i++) {
                    double v = base + state.gain(i);
                    if (v > bestValue) {
                        bestValue = v;
                        prefix[depth] = i;
                        best = prefix.clone();
                    }
                }
                return;
            }
            for (int i = start; i <= n - remaining; i++) {
                MarginalGains child = state.copy();
                child.add(i);
                prefix[depth] = i;
                descend(child, depth + 1);
            }
        }
    }

    /** {@code C(n, k)} if it is at most {@code cap}, otherwise {@code cap + 1} (saturating, no overflow). */
    static long binomial(int n, int k, long cap) {
        k = Math.min(k, n - k);
        BigInteger limit = BigInteger.valueOf(cap);
        BigInteger c = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            // C(n-k+i, i) = C(n-k+i-1, i-1)·(n-k+i)/i is exact and increasing in i: stop once past the cap.
            c = c.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
            if (c.compareTo(limit) > 0) {
                return cap == Long.MAX_VALUE ? cap : cap + 1;
            }
        }
        return c.longValue();
    }

    /** {@code C(n, k)} as exact decimal text, or in scientific notation when it has thousands of digits. */
    static String binomialText(int n, int k) {
        k = Math.min(k, n - k);
        if (k > 2000) {
            double log10 = 0;
            for (int i = 1; i <= k; i++) {
                log10 += Math.log10(n - k + i) - Math.log10(i);
            }
            double exponent = Math.floor(log10);
            return String.format(java.util.Locale.ROOT, "%.3fe%d", Math.pow(10, log10 - exponent), (long) exponent);
        }
        BigInteger c = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            c = c.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return c.toString();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "AcquisitionStrategy");
    }

    @Override
    public String toString() {
        return "ExhaustiveBatchSearch(maxSubsets=" + maxSubsets + ")";
    }
}
