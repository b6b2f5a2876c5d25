package org.batchgfn.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetEvaluationTest {

    @Test
    void indexerIsABijectionOntoAllSubsets() {
        SetIndexer idx = new SetIndexer(7, 3);
        assertEquals(35, idx.count());
        Set<List<Integer>> seen = new HashSet<>();
        for (int r = 0; r < idx.count(); r++) {
            int[] s = idx.unrank(r);
            assertEquals(r, idx.rank(s));
            assertTrue(s[0] < s[1] && s[1] < s[2] && s[0] >= 0 && s[2] < 7);
            seen.add(Arrays.stream(s).boxed().toList());
        }
        assertEquals(35, seen.size());
        assertEquals(idx.rank(new int[]{4, 0, 2}), idx.rank(new int[]{0, 2, 4}));
        assertThrows(IllegalArgumentException.class, () -> idx.rank(new int[]{1, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> idx.rank(new int[]{1, 2, 7}));
        assertThrows(IllegalArgumentException.class, () -> idx.rank(new int[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> new SetIndexer(3, 4));
        assertThrows(IllegalArgumentException.class, () -> new SetIndexer(2000, 10));
    }

    @Test
    void exactSetProbabilitiesSumToOne() {
        TabularPolicy policy = new TabularPolicy(8, 1);
        SetIndexer idx = new SetIndexer(8, 3);
        double[] p = SetDistributions.policyDistribution(policy, idx);
        assertEquals(1.0, Arrays.stream(p).sum(), 1e-12);
        double sum = 0;
        for (int r = 0; r < idx.count(); r++) {
            sum += SetDistributions.setProbability(policy, idx.unrank(r));
        }
        assertEquals(1.0, sum, 1e-12);
    }

    /** The subset DP and the level-wise DAG propagation both equal the explicit sum over all B! orderings. */
    @Test
    void dpEqualsExplicitSumOverPermutations() {
        TabularPolicy policy = new TabularPolicy(6, 2);
        SetIndexer idx = new SetIndexer(6, 4);
        double[] all = SetDistributions.policyDistribution(policy, idx);
        for (int r = 0; r < idx.count(); r++) {
            int[] set = idx.unrank(r);
            double explicit = sumOverPermutations(policy, set, new int[0], new boolean[set.length]);
            assertEquals(explicit, SetDistributions.setProbability(policy, set), 1e-14);
            assertEquals(explicit, all[r], 1e-14);
        }
    }

    private static double sumOverPermutations(TabularPolicy policy, int[] set, int[] prefix, boolean[] used) {
        if (prefix.length == set.length) {
            return 1.0;
        }
        double[] lp = policy.logProbabilities(prefix);
        double total = 0;
        for (int i = 0; i < set.length; i++) {
            if (!used[i]) {
                used[i] = true;
                int[] next = Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = set[i];
                total += Math.exp(lp[set[i]]) * sumOverPermutations(policy, set, next, used);
                used[i] = false;
            }
        }
        return total;
    }

    @Test
    void jensenShannonBounds() {
        double[] p = {0.2, 0.3, 0.5, 0.0};
        assertEquals(0.0, JensenShannonDivergence.between(p, p.clone()), 1e-15);
        assertEquals(Math.log(2), JensenShannonDivergence.between(new double[]{0.5, 0.5, 0, 0},
                new double[]{0, 0, 0.25, 0.75}), 1e-15);
        // closed form for p = (1, 0), q = (½, ½): ½ ln(4/3) + ¼ ln(2/3) + ¼ ln 2
        double expected = 0.5 * Math.log(1 / 0.75) + 0.25 * Math.log(0.5 / 0.75) + 0.25 * Math.log(2);
        assertEquals(expected, JensenShannonDivergence.between(new double[]{1, 0}, new double[]{0.5, 0.5}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> JensenShannonDivergence.between(p, new double[]{1}));
        assertThrows(IllegalArgumentException.class,
                () -> JensenShannonDivergence.between(new double[]{0.5, 0.6}, new double[]{0.5, 0.5}));
        assertThrows(IllegalArgumentException.class,
                () -> JensenShannonDivergence.between(new double[]{Double.NaN, 1}, new double[]{0.5, 0.5}));
    }

    /** The reward distribution is R/ΣR; the empirical distribution of samples from a policy approaches its exact one. */
    @Test
    void rewardAndEmpiricalDistributions() {
        double[] x = ToyPosterior.inputs(6, 3);
        JointMutualInformation jmi = new JointMutualInformation(
                ToyPosterior.covariance(x, new double[]{0.0}, 0.5, 0.01), 0.01);
        SetIndexer idx = new SetIndexer(6, 2);
        double t = 0.7;
        double[] target = SetDistributions.rewardDistribution(jmi, idx, t);
        double z = 0;
        for (int r = 0; r < idx.count(); r++) {
            z += Math.exp(jmi.value(idx.unrank(r)) / t);
        }
        for (int r = 0; r < idx.count(); r++) {
            assertEquals(Math.exp(jmi.value(idx.unrank(r)) / t) / z, target[r], 1e-12);
        }
        TabularPolicy policy = new TabularPolicy(6, 4);
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(6, 2), jmi, 0.0);
        SplittableRandom rng = new SplittableRandom(5);
        List<int[]> samples = new ArrayList<>();
        for (int i = 0; i < 20000; i++) {
            samples.add(sampler.sampleActions(policy, rng));
        }
        double jsd = JensenShannonDivergence.between(SetDistributions.empiricalDistribution(samples, idx),
                SetDistributions.policyDistribution(policy, idx));
        assertTrue(jsd < 2e-3, "empirical vs exact JSD " + jsd);
    }

    /** A policy that strongly prefers point 0 still never re-samples it, even with exploration. */
    @Test
    void chosenPointsAreNeverSampled() {
        TabularPolicy policy = new TabularPolicy(5, 6);
        double[] x = ToyPosterior.inputs(5, 3);
        JointMutualInformation jmi = new JointMutualInformation(
                ToyPosterior.covariance(x, new double[0], 0.5, 0.01), 0.01);
        for (double eps : new double[]{0.0, 0.5, 1.0}) {
            TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(5, 5), jmi, eps);
            var batch = sampler.sample(policy, 50, new SplittableRandom(7));
            for (var tr : batch) {
                int[] sorted = tr.actions().clone();
                Arrays.sort(sorted);
                assertArrayEquals(new int[]{0, 1, 2, 3, 4}, sorted);
                assertArrayEquals(jmi.prefixValues(tr.actions()), tr.prefixJmi());
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> new TrajectorySampler(new SetConstructionEnvironment(5, 2), jmi, 1.5));
    }

    @Test
    void environmentMasksAndRejectsInvalidActions() {
        SetConstructionEnvironment env = new SetConstructionEnvironment(4, 2);
        assertArrayEquals(new boolean[]{false, true, false, false}, env.chosenMask(new int[]{1}));
        int[] s = env.step(new int[]{1}, 3);
        assertTrue(env.isTerminal(s));
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[]{1}, 1));
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[]{1}, 4));
        assertThrows(IllegalArgumentException.class, () -> env.step(s, 0));
        assertThrows(IllegalArgumentException.class, () -> new SetConstructionEnvironment(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SetConstructionEnvironment(3, 4));
        assertEquals(-Math.log(3), SetConstructionEnvironment.logBackwardProbability(3), 0);
    }
}
