package org.batchgfn.gflownet.env;

/**
 * The DAG over which BatchGFN samples: states are subsets {@code S} of a pool of {@code N} points with
 * {@code |S| ≤ B}, the source is the empty set, an action adds one pool point not in {@code S}, and states with
 * {@code |S| = B} are terminal. The backward policy is uniform over the parents of a state: a state of size
 * {@code k} has {@code k} parents, so {@code PB(S∖{x} | S) = 1/k}.
 * <p>
 * A state is represented by the pool indices chosen so far, in selection order; the order is irrelevant to the
 * state itself (sets), it only records the trajectory. Instances are immutable.
 */
public final class SetConstructionEnvironment {

    private final int poolSize;
    private final int batchSize;

    /**
     * @param poolSize  N, at least 1
     * @param batchSize B, in {@code [1, N]}
     * @throws IllegalArgumentException if the pool is empty or B is outside {@code [1, N]}
     */
    public SetConstructionEnvironment(int poolSize, int batchSize) {
        if (poolSize <= 0) {
            throw new IllegalArgumentException("the pool is empty: a set-construction environment needs N >= 1");
        }
        if (batchSize < 1 || batchSize > poolSize) {
            throw new IllegalArgumentException("batch size must be between 1 and the pool size " + poolSize
                    + ", got " + batchSize);
        }
        this.poolSize = poolSize;
        this.batchSize = batchSize;
    }

    /** @return N, the number of pool points */
    public int poolSize() {
        return poolSize;
    }

    /** @return B, the size of terminal states (the trajectory length) */
    public int batchSize() {
        return batchSize;
    }

    /**
     * @param state chosen pool indices
     * @return whether the state is terminal ({@code |S| = B})
     */
    public boolean isTerminal(int[] state) {
        return state.length == batchSize;
    }

    /**
     * The mask of points already chosen: actions on them are forbidden.
     *
     * @param state chosen pool indices (distinct, in range)
     * @return array of length N, {@code true} at chosen points
     * @throws IllegalArgumentException if the state is not a valid non-terminal-or-terminal state
     */
    public boolean[] chosenMask(int[] state) {
        checkState(state);
        boolean[] mask = new boolean[poolSize];
        for (int x : state) {
            mask[x] = true;
        }
        return mask;
    }

    /**
     * Applies an action.
     *
     * @param state  chosen pool indices, not terminal
     * @param action the pool point to add
     * @return the child state (a new array, {@code action} appended)
     * @throws IllegalArgumentException if the state is terminal or the action is out of range or already chosen
     */
    public int[] step(int[] state, int action) {
        boolean[] mask = chosenMask(state);
        if (isTerminal(state)) {
            throw new IllegalArgumentException("state of size " + state.length + " is terminal (B = " + batchSize
                    + "): no action is allowed");
        }
        if (action < 0 || action >= poolSize) {
            throw new IllegalArgumentException("action " + action + " is outside the pool [0, " + poolSize + ")");
        }
        if (mask[action]) {
            throw new IllegalArgumentException("action " + action + " is already in the state: points are masked "
                    + "once chosen");
        }
        int[] next = java.util.Arrays.copyOf(state, state.length + 1);
        next[state.length] = action;
        return next;
    }

    /**
     * The uniform backward policy: {@code log PB(parent | child) = −log |child|}.
     *
     * @param childSize the size of the child state, at least 1
     * @return {@code −log(childSize)}
     */
    public static double logBackwardProbability(int childSize) {
        if (childSize < 1) {
            throw new IllegalArgumentException("the source state has no parent; child size must be >= 1, got "
                    + childSize);
        }
        return -Math.log(childSize);
    }

    /**
     * Checks that a state holds at most B distinct indices within the pool.
     *
     * @param state chosen pool indices
     * @throws IllegalArgumentException naming the problem otherwise
     */
    public void checkState(int[] state) {
        if (state.length > batchSize) {
            throw new IllegalArgumentException("state has " + state.length + " points but B = " + batchSize);
        }
        boolean[] seen = new boolean[poolSize];
        for (int x : state) {
            if (x < 0 || x >= poolSize) {
                throw new IllegalArgumentException("state index " + x + " is outside the pool [0, " + poolSize + ")");
            }
            if (seen[x]) {
                throw new IllegalArgumentException("state contains pool index " + x + " more than once");
            }
            seen[x] = true;
        }
    }
}
