package org.batchgfn.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.reward.BatchReward;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log-flow baselines against brute force over every completion of a small pool. */
class FlowBaselineTest {

    private static final int N = 8;
    private static final int B = 4;

    private static JointMutualInformation reward() {
        double[] x = ToyPosterior.inputs(N, 21);
        return new JointMutualInformation(ToyPosterior.covariance(x, new double[]{-1.0, 0.3}, 0.5, 0.01), 0.01);
    }

    /** Greedy completion by full JMI evaluations (no incremental gains): the JMI it adds to the state. */
    private static double bruteGreedyGain(BatchReward r, int[] state, int remaining) {
        int[] s = state.clone();
        for (int step = 0; step < remaining; step++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < N; x++) {
                if (contains(s, x)) {
                    continue;
                }
                int[] t = Arrays.copyOf(s, s.length + 1);
                t[s.length] = x;
                double v = r.value(t);
                if (v > bestValue) {
                    bestValue = v;
                    best = x;
                }
            }
            s = Arrays.copyOf(s, s.length + 1);
            s[s.length - 1] = best;
        }
        return r.value(s) - (state.length == 0 ? 0 : r.value(state));
    }

    /** The largest JMI gain of any completion of the state to B points, by enumeration. */
    private static double bestCompletionGain(BatchReward r, int[] state, int remaining, int from) {
        if (remaining == 0) {
            return r.value(state);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int x = from; x < N; x++) {
            if (!contains(state, x)) {
                int[] t = Arrays.copyOf(state, state.length + 1);
                t[state.length] = x;
                best = Math.max(best, bestCompletionGain(r, t, remaining - 1, x + 1));
            }
        }
        return best;
    }

    private static boolean contains(int[] s, int x) {
        for (int v : s) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    @Test
    void baselinesMatchBruteForceAndBracketTheBestCompletion() {
        JointMutualInformation r = reward();
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 5; trial++) {
            int[] actions = new int[B];
            boolean[] used = new boolean[N];
            for (int k = 0; k < B; k++) {
                int a;
                do {
                    a = rng.nextInt(N);
                } while (used[a]);
                used[a] = true;
                actions[k] = a;
            }
            double[] greedy = FlowBaseline.GREEDY_COMPLETION.remainingValues(r, actions);
            double[] top = FlowBaseline.TOP_GAINS_BOUND.remainingValues(r, actions);
            assertArrayEquals(new double[B], FlowBaseline.NONE.remainingValues(r, actions), 0.0);
            for (int k = 0; k < B; k++) {
                int[] state = Arrays.copyOf(actions, k);
                double stateValue = k == 0 ? 0 : r.value(state);
                double best = bestCompletionGainFromState(r, state) - stateValue;
                assertEquals(bruteGreedyGain(r, state, B - k), greedy[k], 1e-9, "greedy, k = " + k);
                assertTrue(greedy[k] <= best + 1e-9, "greedy completion exceeds the best one at k = " + k);
                assertTrue(top[k] >= best - 1e-9, "top-gains bound below the best completion at k = " + k);
            }
            // From a state one point short of B, both are the best single gain.
            assertEquals(greedy[B - 1], top[B - 1], 1e-9);
        }
    }

    private static double bestCompletionGainFromState(BatchReward r, int[] state) {
        return bestCompletionGain(r, state, B - state.length, 0);
    }

    @Test
    void samplerAttachesTheBaselineAndRejectsItForOtherRewards() {
        JointMutualInformation r = reward();
        SetConstructionEnvironment env = new SetConstructionEnvironment(N, B);
        TrajectorySampler sampler = new TrajectorySampler(env, r, 1.0, FlowBaseline.GREEDY_COMPLETION);
        Trajectory t = sampler.sample(new UniformPolicy(N), 1, new SplittableRandom(4)).get(0);
        assertArrayEquals(FlowBaseline.GREEDY_COMPLETION.remainingValues(r, t.actions()), t.flowBaseline(), 0.0);
        assertArrayEquals(new double[B], new TrajectorySampler(env, r, 1.0)
                .sample(new UniformPolicy(N), 1, new SplittableRandom(4)).get(0).flowBaseline(), 0.0);
        BatchReward other = new BatchReward() {
            public String name() {
                return "count";
            }

            public int poolSize() {
                return N;
            }

            public double value(int[] batch) {
                return batch.length;
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrajectorySampler(env, other, 0.1, FlowBaseline.TOP_GAINS_BOUND));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Trajectory(new int[]{0, 1}, new double[]{0.1, 0.2}, new double[]{Double.NaN, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> new Trajectory(new int[]{0, 1}, new double[]{0.1, 0.2}, new double[]{0}));
    }

    /** Uniform over the unchosen points. */
    private record UniformPolicy(int poolSize) implements org.batchgfn.gflownet.policy.ForwardPolicy {
        @Override
        public double[] logProbabilities(int[] state) {
            double[] out = new double[poolSize];
            Arrays.fill(out, -Math.log(poolSize - state.length));
            for (int s : state) {
                out[s] = Double.NEGATIVE_INFINITY;
            }
            return out;
        }
    }
}
