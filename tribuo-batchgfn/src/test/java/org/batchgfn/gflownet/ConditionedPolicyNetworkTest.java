package org.batchgfn.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Train-set conditioning of the policy network (paper appendix A.2). */
class ConditionedPolicyNetworkTest {

    private static final double T = 1.0;
    private static final int N = 7;
    private static final int B = 3;

    private static double[][] pool() {
        double[] x = ToyPosterior.inputs(N, 4);
        double[][] pool = new double[N][];
        for (int i = 0; i < N; i++) {
            pool[i] = new double[]{x[i], Math.sin(3 * x[i])};
        }
        return PoolStandardizer.standardize(pool);
    }

    private static JointMutualInformation reward() {
        return new JointMutualInformation(ToyPosterior.covariance(ToyPosterior.inputs(N, 4), new double[]{-1.0, 0.3},
                0.5, 0.01), 0.01);
    }

    private static PolicyNetwork network(boolean conditioned, long seed) {
        return network(new PolicyArchitecture(6, 2), conditioned, seed);
    }

    private static PolicyNetwork network(PolicyArchitecture architecture, boolean conditioned, long seed) {
        return new PolicyNetwork(pool(), architecture, B, DataType.FLOAT,
                new SplittableRandom(seed), conditioned);
    }

    private static double[][] pairs(int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[m][3];
        for (double[] row : out) {
            for (int j = 0; j < 3; j++) {
                row[j] = 2 * rng.nextDouble() - 1;
            }
        }
        return out;
    }

    private static double[] setDistribution(PolicySnapshot snap) {
        return SetDistributions.policyDistribution(snap, new SetIndexer(N, B));
    }

    /** Unconditioned networks keep their parameter names and initial weights; conditioned ones only add names. */
    @Test
    void conditioningOnlyAddsParameters() {
        PolicyNetwork plain = new PolicyNetwork(pool(), new PolicyArchitecture(6, 2),
                B, DataType.FLOAT, new SplittableRandom(5));
        PolicyNetwork cond = network(true, 5);
        List<String> names = new ArrayList<>(plain.parameters().keySet());
        assertEquals(names, new ArrayList<>(network(false, 5).parameters().keySet()));
        List<String> expected = new ArrayList<>(names);
        expected.addAll(List.of("train_w0", "train_b0", "train_w1", "train_b1", "head_wt", "flow_wt"));
        assertEquals(expected, new ArrayList<>(cond.parameters().keySet()));
        for (String name : names) {
            assertEquals(plain.parameters().get(name), cond.parameters().get(name), name);
        }
        assertArrayEquals(new long[]{3, 6}, cond.parameters().get("train_w0").shape());
        assertThrows(IllegalStateException.class, () -> plain.conditionOn(new double[0][]));
    }

    /** An empty training set gives the zero context, and then exactly the policy without the train-set terms. */
    @Test
    void emptyTrainingSetGivesZeroContext() {
        PolicyNetwork cond = network(true, 5);
        cond.conditionOn(new double[0][]);
        assertArrayEquals(new double[6], cond.trainingSetContext(), 0.0);
        PolicyNetwork plain = network(false, 5);
        assertArrayEquals(setDistribution(plain.snapshot()), setDistribution(cond.snapshot()), 1e-15);
        assertEquals(plain.snapshot().logFlowTilde(new int[]{2}), cond.snapshot().logFlowTilde(new int[]{2}), 1e-15);
        // A non-empty training set changes the policy (the context is not ignored).
        cond.conditionOn(pairs(4, 1));
        assertTrue(Arrays.stream(cond.trainingSetContext()).anyMatch(v -> v != 0));
        double[] a = setDistribution(plain.snapshot());
        double[] c = setDistribution(cond.snapshot());
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - c[i]));
        }
        assertTrue(maxDiff > 1e-4, "conditioning moved no set probability by more than " + maxDiff);
    }

    /** The context, policy and loss do not depend on the order of the training pairs. */
    @Test
    void contextIsPermutationInvariant() {
        PolicyNetwork net = network(true, 7);
        double[][] p = pairs(5, 3);
        net.conditionOn(p);
        double[] context = net.trainingSetContext();
        double[] dist = setDistribution(net.snapshot());
        double[][] shuffled = {p[3], p[0], p[4], p[2], p[1]};
        net.conditionOn(shuffled);
        assertArrayEquals(context, net.trainingSetContext(), 1e-6);
        assertArrayEquals(dist, setDistribution(net.snapshot()), 1e-6);
        // ... and equals the mean of single-pair contexts (the encoder is applied per pair, then averaged).
        double[] mean = new double[context.length];
        for (double[] row : p) {
            net.conditionOn(new double[][]{row});
            double[] single = net.trainingSetContext();
            for (int j = 0; j < mean.length; j++) {
                mean[j] += single[j] / p.length;
            }
        }
        assertArrayEquals(context, mean, 1e-6);
        // Repeating every pair leaves the mean, and so the policy, unchanged.
        double[][] twice = new double[2 * p.length][];
        for (int i = 0; i < p.length; i++) {
            twice[i] = p[i];
            twice[p.length + i] = p[i];
        }
        net.conditionOn(twice);
        assertArrayEquals(context, net.trainingSetContext(), 1e-6);
    }

    /**
     * Central finite differences of the loss agree with the hand-derived gradient for every parameter of a
     * conditioned network (first, middle and last entry), including the train-set encoder and context weights.
     */
    @Test
    void gradientMatchesFiniteDifferences() {
        assertGradientMatchesFiniteDifferences(network(true, 5));
    }

    /**
     * The same with random Fourier input features ({@link FourierFeatures}) in both encoders: the fixed map changes
     * the first layers' inputs, and the gradients of {@code enc_w0} and {@code train_w0} (now 2m and 2m + 1 rows)
     * must follow.
     */
    @Test
    void gradientMatchesFiniteDifferencesWithFourierFeatures() {
        PolicyNetwork net = network(new PolicyArchitecture(6, 2, new FourierFeatures(5, 0.8)), true, 11);
        assertEquals(10, net.encoderInputWidth());
        assertArrayEquals(new long[]{10, 6}, net.parameters().get("enc_w0").shape());
        assertArrayEquals(new long[]{11, 6}, net.parameters().get("train_w0").shape());
        assertGradientMatchesFiniteDifferences(net);
    }

    private static void assertGradientMatchesFiniteDifferences(PolicyNetwork net) {
        net.conditionOn(pairs(4, 9));
        SplittableRandom perturb = new SplittableRandom(8);
        for (INDArray p : net.parameters().values()) {
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, p.getDouble(i) + 0.1 * (perturb.nextDouble() - 0.5));
            }
        }
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, B), reward(), 0.3);
        List<Trajectory> batch = sampler.sample(net.snapshot(), 3, new SplittableRandom(6));
        int nonZero = 0;
        int newChecked = 0;
        for (String name : net.parameters().keySet()) {
            boolean isNew = name.startsWith("train_") || name.equals("head_wt") || name.equals("flow_wt");
            int n = org.batchgfn.gflownet.policy.EngineGradientCheck.assertEngineGradientsExact(net, pool(), batch, T,
                    List.of(name));
            nonZero += n;
            newChecked += isNew ? n : 0;
        }
        assertTrue(nonZero >= 36, "only " + nonZero + " of 54 checked gradient entries are non-zero");
        assertTrue(newChecked >= 12, "only " + newChecked + " of 18 new-parameter entries are non-zero");
    }

    /** The copy over another pool has the same parameters and pairs; training the copy leaves the original alone. */
    @Test
    void copyOnPoolCarriesParametersAndTrainingPairs() {
        PolicyNetwork net = network(true, 5);
        net.conditionOn(pairs(2, 4));
        double[][] smaller = Arrays.copyOf(pool(), N - 2);
        PolicyNetwork copy = net.copyOnPool(smaller, 2);
        assertEquals(N - 2, copy.poolSize());
        assertEquals(2, copy.batchSize());
        assertArrayEquals(net.trainingSetContext(), copy.trainingSetContext(), 0.0);
        for (String name : net.parameters().keySet()) {
            assertEquals(net.parameters().get(name), copy.parameters().get(name), name);
        }
        // The policy restricted to the first N − 2 points has the same logits there.
        double[] full = net.snapshot().logits(new int[]{0});
        double[] part = copy.snapshot().logits(new int[]{0});
        for (int x = 1; x < N - 2; x++) {
            assertEquals(full[x], part[x], 1e-12);
        }
        copy.parameters().get("head_wt").putScalar(0, 42.0);
        assertTrue(net.parameters().get("head_wt").getDouble(0) != 42.0);
    }

    @Test
    void trainingPairsStandardiseAndRejectBadInput() {
        PoolStandardizer features = PoolStandardizer.fit(new double[][]{{0.0}, {2.0}});
        TrainingPairs pairs = TrainingPairs.fit(features, new double[]{1.0, 3.0});
        assertArrayEquals(new double[]{1.0, 1.0}, pairs.apply(new double[][]{{2.0}}, new double[]{3.0})[0], 1e-12);
        assertEquals(0, TrainingPairs.fit(features, new double[0]).apply(new double[0][], new double[0]).length);
        assertThrows(IllegalArgumentException.class, () -> pairs.apply(new double[][]{{1.0}}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> TrainingPairs.fit(features, new double[]{Double.NaN}));
        PolicyNetwork net = network(true, 1);
        assertThrows(IllegalArgumentException.class, () -> net.conditionOn(new double[][]{{1.0, 2.0}}));
        assertThrows(IllegalArgumentException.class, () -> net.conditionOn(new double[][]{{1.0, 2.0, Double.NaN}}));
    }
}
