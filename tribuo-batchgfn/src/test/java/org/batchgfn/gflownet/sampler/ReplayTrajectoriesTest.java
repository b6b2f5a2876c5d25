package org.batchgfn.gflownet.sampler;

import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.reward.DirectJmi;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Off-policy replay: what is remembered, what is replayed, and the rewards attached to it. */
class ReplayTrajectoriesTest {

    private static final double NOISE = 0.1;
    private static final int N = 12;
    private static final int B = 3;

    private static double[][] sigma() {
        return DirectJmi.randomPsd(N, 5, new SplittableRandom(41));
    }

    private static int[] sorted(int[] a) {
        int[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    /** Greedy by brute force: each step adds the point whose addition gives the largest log-det JMI. */
    private static int[] bruteForceGreedy(double[][] sigma, int b) {
        int[] chosen = new int[0];
        for (int k = 0; k < b; k++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < sigma.length; x++) {
                final int cand = x;
                if (Arrays.stream(chosen).anyMatch(c -> c == cand)) {
                    continue;
                }
                int[] s = Arrays.copyOf(chosen, k + 1);
                s[k] = x;
                double v = DirectJmi.jmi(sigma, NOISE, s);
                if (v > bestValue) {
                    bestValue = v;
                    best = x;
                }
            }
            chosen = Arrays.copyOf(chosen, k + 1);
            chosen[k] = best;
        }
        return chosen;
    }

    private static Trajectory trajectory(JointMutualInformation reward, int... actions) {
        return new Trajectory(actions, reward.prefixValues(actions));
    }

    @Test
    void theGuideIsGreedyBatchBaldsBatchAndReplaysCarryTheirOwnPrefixRewards() {
        double[][] sigma = sigma();
        JointMutualInformation reward = new JointMutualInformation(new DenseCovariance(sigma), NOISE);
        ReplayTrajectories replay = ReplayTrajectories.withGreedyGuide(reward, B, FlowBaseline.NONE, 3, 0,
                new SplittableRandom(1));
        assertEquals(1, replay.guides().size());
        int[] greedy = replay.guides().get(0);
        assertArrayEquals(bruteForceGreedy(sigma, B), greedy);

        List<Trajectory> sampled = List.of(trajectory(reward, 0, 1, 2), trajectory(reward, 3, 4, 5));
        Set<String> orders = new HashSet<>();
        for (int step = 0; step < 30; step++) {
            List<Trajectory> out = replay.extend(sampled);
            assertEquals(5, out.size());
            assertSame(sampled.get(0), out.get(0));
            assertSame(sampled.get(1), out.get(1));
            for (Trajectory t : out.subList(2, 5)) {
                assertArrayEquals(sorted(greedy), sorted(t.actions()), "capacity 0 replays only the guide");
                for (int k = 0; k < B; k++) {
                    assertEquals(DirectJmi.jmi(sigma, NOISE, Arrays.copyOf(t.actions(), k + 1)), t.prefixJmi()[k],
                            1e-9);
                }
                orders.add(Arrays.toString(t.actions()));
            }
        }
        assertEquals(6, orders.size(), "every one of the 3! orders of the guide is replayed: " + orders);
    }

    @Test
    void remembersTheBestDistinctSampledSetsUpToItsCapacity() {
        double[][] sigma = sigma();
        JointMutualInformation reward = new JointMutualInformation(new DenseCovariance(sigma), NOISE);
        ReplayTrajectories replay = new ReplayTrajectories(reward, FlowBaseline.NONE, 1, 2, new SplittableRandom(2));
        assertEquals(0, replay.extend(List.of()).size(), "nothing to replay before anything is remembered");

        int[][] sets = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, 10, 11}, {0, 5, 9}};
        double[] values = new double[sets.length];
        for (int i = 0; i < sets.length; i++) {
            values[i] = DirectJmi.jmi(sigma, NOISE, sets[i]);
        }
        for (int[] s : sets) {
            replay.extend(List.of(trajectory(reward, s)));
            // the same set in another order must not take a second place
            replay.extend(List.of(trajectory(reward, s[2], s[0], s[1])));
        }
        Integer[] order = {0, 1, 2, 3, 4};
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        List<int[]> kept = replay.remembered();
        assertEquals(2, kept.size());
        assertArrayEquals(sorted(sets[order[0]]), sorted(kept.get(0)));
        assertArrayEquals(sorted(sets[order[1]]), sorted(kept.get(1)));
        for (int step = 0; step < 20; step++) {
            Trajectory r = replay.extend(List.of()).get(0);
            int[] s = sorted(r.actions());
            assertTrue(Arrays.equals(s, sorted(kept.get(0))) || Arrays.equals(s, sorted(kept.get(1))),
                    Arrays.toString(r.actions()));
        }
    }

    @Test
    void aSampledCopyOfTheGuideIsNotRememberedTwice() {
        double[][] sigma = sigma();
        JointMutualInformation reward = new JointMutualInformation(new DenseCovariance(sigma), NOISE);
        ReplayTrajectories replay = ReplayTrajectories.withGreedyGuide(reward, B, FlowBaseline.NONE, 1, 4,
                new SplittableRandom(3));
        int[] g = replay.guides().get(0);
        replay.extend(List.of(trajectory(reward, g[1], g[2], g[0])));
        assertEquals(0, replay.remembered().size());
    }

    @Test
    void rejectsInvalidCounts() {
        JointMutualInformation reward = new JointMutualInformation(new DenseCovariance(sigma()), NOISE);
        IllegalArgumentException perStep = assertThrows(IllegalArgumentException.class,
                () -> new ReplayTrajectories(reward, FlowBaseline.NONE, 0, 1, new SplittableRandom(0)));
        assertTrue(perStep.getMessage().contains("replayed trajectories per step must be >= 1, got 0"),
                perStep.getMessage());
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
                () -> new ReplayTrajectories(reward, FlowBaseline.NONE, 1, -1, new SplittableRandom(0)));
        assertTrue(capacity.getMessage().contains("replay capacity must be >= 0, got -1"), capacity.getMessage());
        IllegalArgumentException settings = assertThrows(IllegalArgumentException.class,
                () -> TrainerSettings.PAPER.withReplayTrajectories(-1));
        assertTrue(settings.getMessage().contains("replayed trajectories per step must be >= 0 (0: no replay), got -1"),
                settings.getMessage());
        assertEquals(0, TrainerSettings.PAPER.replayTrajectories(), "the paper replays nothing");
    }
}
