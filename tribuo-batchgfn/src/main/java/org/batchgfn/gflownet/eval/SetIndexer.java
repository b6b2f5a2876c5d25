package org.batchgfn.gflownet.eval;

import java.util.Arrays;

/**
 * A bijection between the B-subsets of {@code {0..N−1}} and {@code [0, C(N, B))} (the combinatorial number
 * system, colexicographic order): a sorted set {@code c₀ < c₁ < … < c_{B−1}} has rank {@code Σ C(cᵢ, i+1)}.
 * Immutable.
 */
public final class SetIndexer {

    /** The largest number of sets this class will index (arrays over all sets must stay practical). */
    public static final long MAX_SETS = 50_000_000L;

    private final int poolSize;
    private final int setSize;
    private final long[][] binomial;
    private final int count;

    /**
     * @param poolSize N ≥ 1
     * @param setSize  B in {@code [1, N]}
     * @throws IllegalArgumentException for invalid sizes or more than {@link #MAX_SETS} sets
     */
    public SetIndexer(int poolSize, int setSize) {
        if (poolSize < 1 || setSize < 1 || setSize > poolSize) {
            throw new IllegalArgumentException("need 1 <= B <= N, got N = " + poolSize + ", B = " + setSize);
        }
        this.poolSize = poolSize;
        this.setSize = setSize;
        this.binomial = new long[poolSize + 1][setSize + 1];
        for (int n = 0; n <= poolSize; n++) {
            binomial[n][0] = 1;
            for (int k = 1; k <= Math.min(n, setSize); k++) {
                binomial[n][k] = binomial[n - 1][k - 1] + (k <= n - 1 ? binomial[n - 1][k] : 0);
                if (binomial[n][k] > MAX_SETS * 100) {
                    binomial[n][k] = MAX_SETS * 100; // saturate; only the final count is checked
                }
            }
        }
        long total = binomial[poolSize][setSize];
        if (total > MAX_SETS) {
            throw new IllegalArgumentException("C(" + poolSize + ", " + setSize + ") sets is more than the "
                    + MAX_SETS + " that exact evaluation can enumerate");
        }
        this.count = (int) total;
    }

    /** @return N */
    public int poolSize() {
        return poolSize;
    }

    /** @return B */
    public int setSize() {
        return setSize;
    }

    /** @return {@code C(N, B)} */
    public int count() {
        return count;
    }

    /**
     * @param set B distinct pool indices in any order
     * @return its rank in {@code [0, C(N, B))}
     * @throws IllegalArgumentException for a wrong size, out-of-range or repeated index
     */
    public int rank(int[] set) {
        if (set.length != setSize) {
            throw new IllegalArgumentException("set has " + set.length + " points, expected " + setSize);
        }
        int[] s = set.clone();
        Arrays.sort(s);
        long r = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || s[i] >= poolSize) {
                throw new IllegalArgumentException("set index " + s[i] + " is outside the pool [0, " + poolSize + ")");
            }
            if (i > 0 && s[i] == s[i - 1]) {
                throw new IllegalArgumentException("set contains pool index " + s[i] + " more than once");
            }
            r += s[i] >= i + 1 ? binomial[s[i]][i + 1] : 0;
        }
        return (int) r;
    }

    /**
     * @param rank in {@code [0, C(N, B))}
     * @return the sorted set with that rank
     */
    public int[] unrank(int rank) {
        if (rank < 0 || rank >= count) {
            throw new IllegalArgumentException("rank " + rank + " is outside [0, " + count + ")");
        }
        int[] s = new int[setSize];
        long r = rank;
        int c = poolSize - 1;
        for (int i = setSize - 1; i >= 0; i--) {
            while (c >= i + 1 && binomial[c][i + 1] > r) {
                c--;
            }
            s[i] = c;
            r -= c >= i + 1 ? binomial[c][i + 1] : 0;
            c--;
        }
        return s;
    }
}
