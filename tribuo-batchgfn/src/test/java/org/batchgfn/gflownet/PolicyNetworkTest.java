package org.batchgfn.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicyParameters;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyNetworkTest {

    private static final double T = 1.0;

    private static JointMutualInformation reward(double[] x) {
        return new JointMutualInformation(ToyPosterior.covariance(x, new double[]{-1.0, 0.3}, 0.5, 0.01), 0.01);
    }

    /** The SubTB loss (λ = 0.9) over the network's B. */
    private static SubTrajectoryBalanceLoss subTb(PolicyNetwork net) {
        return new SubTrajectoryBalanceLoss(0.9, net.batchSize());
    }

    private static PolicyNetwork network(double[] x, int b, int h, DataType type, long seed) {
        return new PolicyNetwork(PoolStandardizer.standardize(ToyPosterior.column(x)), new PolicyArchitecture(h, 2),
                b, type, new SplittableRandom(seed));
    }

    /** The batched pass's loss equals the per-trajectory reference built from the snapshot's policy and flows. */
    @Test
    void batchedLossMatchesReferenceFromSnapshot() {
        double[] x = ToyPosterior.inputs(7, 1);
        int b = 3;
        JointMutualInformation jmi = reward(x);
        PolicyNetwork net = network(x, b, 16, DataType.FLOAT, 2);
        PolicySnapshot snap = net.snapshot();
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(7, b), jmi, 0.5);
        List<Trajectory> batch = sampler.sample(snap, 4, new SplittableRandom(3));
        double temperature = 0.5;
        double expected = 0;
        for (Trajectory tr : batch) {
            double[] logF = new double[b + 1];
            double[] logPf = new double[b];
            double[] logPb = new double[b];
            for (int k = 0; k < b; k++) {
                int[] state = Arrays.copyOf(tr.actions(), k);
                logF[k] = snap.logFlowTilde(state) + (k == 0 ? 0 : tr.prefixJmi()[k - 1] / temperature);
                logPf[k] = snap.logProbabilities(state)[tr.actions()[k]];
                logPb[k] = SetConstructionEnvironment.logBackwardProbability(k + 1);
            }
            logF[b] = tr.terminalJmi() / temperature;
            expected += subTb(net).trajectoryLoss(logF, logPf, logPb) / batch.size();
        }
        assertEquals(expected, subTb(net).loss(net, batch, temperature), 1e-5 * (1 + expected));
        assertTrue(expected > 0);
    }

    /**
     * Central finite differences of the double-precision reference's loss agree with the float32 engine's gradient
     * (and the reference's own) for every parameter tensor, at its first, middle and last entry (B = 3, two encoder
     * layers, d = 2).
     */
    @Test
    void gradientMatchesFiniteDifferences() {
        double[][] pool = new double[7][];
        double[] x = ToyPosterior.inputs(7, 4);
        for (int i = 0; i < 7; i++) {
            pool[i] = new double[]{x[i], Math.sin(3 * x[i])};
        }
        int b = 3;
        JointMutualInformation jmi = reward(x);
        double[][] standardized = PoolStandardizer.standardize(pool);
        PolicyNetwork net = new PolicyNetwork(standardized, new PolicyArchitecture(6, 2),
                b, DataType.FLOAT, new SplittableRandom(5));
        // Non-zero biases so that every bias gradient is exercised away from its initial value.
        SplittableRandom perturb = new SplittableRandom(8);
        for (INDArray p : net.parameters().values()) {
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, p.getDouble(i) + 0.1 * (perturb.nextDouble() - 0.5));
            }
        }
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(7, b), jmi, 0.3);
        List<Trajectory> batch = sampler.sample(net.snapshot(), 3, new SplittableRandom(6));
        var lg = subTb(net).lossAndGradients(net, batch, T);
        assertEquals(subTb(net).loss(net, batch, T), lg.loss(), 0.0);
        assertEquals(List.of("enc_w0", "enc_b0", "enc_w1", "enc_b1", "head_wx", "head_wc", "head_b", "head_out",
                "flow_w0", "flow_b0", "flow_out", "flow_bias"), List.copyOf(net.parameters().keySet()));
        int nonZero = org.batchgfn.gflownet.policy.EngineGradientCheck.assertEngineGradientsExact(net, standardized,
                batch, T, net.parameters().keySet());
        assertTrue(nonZero >= 24, "only " + nonZero + " of 36 checked gradient entries are non-zero");
    }

    /** The same check through a FLOAT network: float storage, double arithmetic, so FD still agrees closely. */
    @Test
    void floatNetworkGradientMatchesFiniteDifferencesOfItsLoss() {
        double[] x = ToyPosterior.inputs(6, 9);
        int b = 2;
        PolicyNetwork net = network(x, b, 8, DataType.FLOAT, 3);
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(6, b), reward(x), 0.3);
        List<Trajectory> batch = sampler.sample(net.snapshot(), 4, new SplittableRandom(2));
        var lg = subTb(net).lossAndGradients(net, batch, T);
        INDArray p = net.parameters().get("head_wc");
        INDArray g = lg.gradients().get("head_wc");
        assertEquals(DataType.FLOAT, g.dataType());
        long idx = 5;
        float orig = p.getFloat(idx);
        float eps = 1e-2f;
        p.putScalar(idx, orig + eps);
        double up = subTb(net).loss(net, batch, T);
        p.putScalar(idx, orig - eps);
        double down = subTb(net).loss(net, batch, T);
        p.putScalar(idx, orig);
        double fd = (up - down) / ((double) (orig + eps) - (double) (orig - eps));
        assertEquals(fd, g.getDouble(idx), 1e-3 * (1 + Math.abs(fd)));
    }

    /** The snapshot masks chosen points and never samples them; sampled batches are distinct sets of size B. */
    @Test
    void chosenPointsAreMaskedAndNeverSampled() {
        double[] x = ToyPosterior.inputs(5, 7);
        PolicySnapshot snap = network(x, 4, 8, DataType.FLOAT, 8).snapshot();
        double[] lp = snap.logProbabilities(new int[]{1, 3});
        assertEquals(Double.NEGATIVE_INFINITY, lp[1]);
        assertEquals(Double.NEGATIVE_INFINITY, lp[3]);
        double sum = 0;
        for (double v : lp) {
            sum += Math.exp(v);
        }
        assertEquals(1.0, sum, 1e-12);
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(5, 4), reward(x), 0.5);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            int[] s = sampler.sampleActions(snap, rng);
            assertEquals(4, Arrays.stream(s).distinct().count());
        }
    }

    /** The same seed gives the same initial network. */
    @Test
    void initialisationIsDeterministicGivenSeed() {
        double[] x = ToyPosterior.inputs(5, 7);
        double[] a = network(x, 2, 8, DataType.FLOAT, 11).snapshot().logProbabilities(new int[]{0});
        double[] c = network(x, 2, 8, DataType.FLOAT, 11).snapshot().logProbabilities(new int[]{0});
        double[] d = network(x, 2, 8, DataType.FLOAT, 12).snapshot().logProbabilities(new int[]{0});
        assertArrayEquals(a, c);
        assertTrue(Math.abs(a[2] - d[2]) > 1e-6);
    }

    /** Short training on pool 6, B = 2 (15 sets) fits the reward distribution: exact JSD below 0.02 nats. */
    @Test
    void shortTrainingFitsSmallPool() {
        double[] x = ToyPosterior.inputs(6, 13);
        int b = 2;
        JointMutualInformation jmi = reward(x);
        PolicyNetwork net = network(x, b, 32, DataType.FLOAT, 14);
        SetIndexer idx = new SetIndexer(6, b);
        double[] target = SetDistributions.rewardDistribution(jmi, idx, T);
        double before = JensenShannonDivergence.between(SetDistributions.policyDistribution(net.snapshot(), idx),
                target);
        BatchGfnTrainer trainer = new BatchGfnTrainer(new TrainerSettings(300, 8, 1e-2, 0.1, 0.9, T));
        trainer.train(net, jmi, new SplittableRandom(15));
        double after = JensenShannonDivergence.between(SetDistributions.policyDistribution(net.snapshot(), idx),
                target);
        System.out.printf("pool 6, B 2: JSD %.4f -> %.4f%n", before, after);
        assertTrue(after < 0.02, "JSD after training " + after + " (before " + before + ")");
    }

    /**
     * The flow-head learning rate drives only the {@code flow_*} parameters: one step from the same network and
     * random state with two flow rates leaves every other parameter identical and moves the flow head differently.
     */
    @Test
    void flowLearningRateOnlyMovesTheFlowHead() {
        TrainerSettings base = new TrainerSettings(1, 4, 1e-3, 0.1, 0.9, T);
        assertEquals(base.learningRate(), base.flowLearningRate());
        assertOnlyGroupMovesFaster(base, base.withFlowLearningRate(0.1), PolicyParameters::isFlowHead);
        assertThrows(IllegalArgumentException.class, () -> base.withFlowLearningRate(0.0));
    }

    /** Likewise the logit learning rate drives only the policy head's output layer {@code head_out}. */
    @Test
    void logitLearningRateOnlyMovesThePolicyOutputLayer() {
        TrainerSettings base = new TrainerSettings(1, 4, 1e-3, 0.1, 0.9, T);
        assertEquals(base.learningRate(), base.logitLearningRate());
        assertOnlyGroupMovesFaster(base, base.withLogitLearningRate(0.1), PolicyParameters::isLogitLayer);
        assertEquals(0.1, base.withLogitLearningRate(0.1).withSteps(7).withTemperature(0.5).logitLearningRate());
        assertThrows(IllegalArgumentException.class, () -> base.withLogitLearningRate(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> base.withLogitLearningRate(-1e-3));
    }

    /**
     * One training step from the same network and random state under {@code base} and {@code faster} (which raises
     * the rate of the parameters in {@code group} to 0.1): every parameter outside the group is identical, and every
     * one inside moved by more than 0.05 more (Adam's first step moves an entry by about its rate: 0.1 against 0.001).
     */
    private static void assertOnlyGroupMovesFaster(TrainerSettings base, TrainerSettings faster,
                                                   java.util.function.Predicate<String> group) {
        double[] x = ToyPosterior.inputs(6, 13);
        JointMutualInformation jmi = reward(x);
        PolicyNetwork slow = network(x, 2, 8, DataType.FLOAT, 14);
        PolicyNetwork fast = network(x, 2, 8, DataType.FLOAT, 14);
        new BatchGfnTrainer(base).train(slow, jmi, new SplittableRandom(15));
        new BatchGfnTrainer(faster).train(fast, jmi, new SplittableRandom(15));
        int inGroup = 0;
        for (String name : slow.parameters().keySet()) {
            double[] a = slow.parameters().get(name).reshape(-1).toDoubleVector();
            double[] c = fast.parameters().get(name).reshape(-1).toDoubleVector();
            if (group.test(name)) {
                inGroup++;
                double maxDiff = 0;
                for (int i = 0; i < a.length; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(a[i] - c[i]));
                }
                assertTrue(maxDiff > 0.05, name + " moved by at most " + maxDiff);
            } else {
                assertArrayEquals(a, c, 0.0, name);
            }
        }
        assertTrue(inGroup > 0, "no parameter in the group");
    }

    /**
     * The flow baseline b(s) enters the loss as {@code log F = net + (JMI + b)/T}: a constant b on every state is
     * exactly a shift of {@code flow_bias} by {@code b/T}; a state-dependent b changes the loss; and the
     * hand-derived gradient still matches finite differences with a baseline (it is constant in the parameters).
     */
    @Test
    void flowBaselineShiftsTheLearnedFlowAndKeepsTheGradientExact() {
        double[] x = ToyPosterior.inputs(7, 4);
        int b = 3;
        double temperature = 0.5;
        JointMutualInformation jmi = reward(x);
        PolicyNetwork net = network(x, b, 6, DataType.FLOAT, 5);
        List<Trajectory> plain = new TrajectorySampler(new SetConstructionEnvironment(7, b), jmi, 0.3)
                .sample(net.snapshot(), 3, new SplittableRandom(6));
        double beta = 0.7;
        List<Trajectory> constant = plain.stream().map(t -> new Trajectory(t.actions(), t.prefixJmi(),
                new double[]{beta, beta, beta})).toList();
        double plainLoss = subTb(net).loss(net, plain, temperature);
        double shiftedLoss = subTb(net).loss(net, constant, temperature);
        INDArray bias = net.parameters().get("flow_bias");
        bias.putScalar(0, bias.getDouble(0) + beta / temperature);
        assertEquals(shiftedLoss, subTb(net).loss(net, plain, temperature), 1e-5 * (1 + shiftedLoss));
        bias.putScalar(0, bias.getDouble(0) - beta / temperature);
        assertTrue(Math.abs(plainLoss - shiftedLoss) > 1e-3);

        List<Trajectory> greedy = new TrajectorySampler(new SetConstructionEnvironment(7, b), jmi, 0.3,
                org.batchgfn.gflownet.loss.FlowBaseline.GREEDY_COMPLETION).sample(net.snapshot(), 3,
                new SplittableRandom(6));
        assertTrue(greedy.get(0).flowBaseline()[0] > 0);
        org.batchgfn.gflownet.policy.EngineGradientCheck.assertEngineGradientsExact(net,
                PoolStandardizer.standardize(ToyPosterior.column(x)), greedy, temperature,
                List.of("flow_bias", "flow_out", "head_out", "enc_w0"));
        var lg = subTb(net).lossAndGradients(net, greedy, temperature);
        assertTrue(Math.abs(lg.gradients().get("flow_bias").getDouble(0)) > 1e-6);
    }

    @Test
    void rejectsBadInput() {
        double[] x = ToyPosterior.inputs(3, 1);
        assertThrows(IllegalArgumentException.class, () -> network(x, 4, 8, DataType.FLOAT, 1));
        assertThrows(IllegalArgumentException.class, () -> new PolicyNetwork(new double[0][], PolicyArchitecture.PAPER,
                1, DataType.FLOAT, new SplittableRandom(1)));
        PolicyNetwork net = network(x, 2, 8, DataType.FLOAT, 1);
        assertThrows(IllegalArgumentException.class,
                () -> subTb(net).loss(net, List.of(new Trajectory(new int[]{0, 0}, new double[]{0.1, 0.1})), T));
        assertThrows(IllegalArgumentException.class,
                () -> subTb(net).loss(net,
                        List.of(new Trajectory(new int[]{0, 1, 2}, new double[]{0.1, 0.1, 0.2})), T));
        assertThrows(IllegalArgumentException.class,
                () -> subTb(net).loss(net, List.of(new Trajectory(new int[]{0, 1}, new double[]{0.1, 0.1})), 0.0));
        assertThrows(IllegalArgumentException.class, () -> new PolicyArchitecture(0, 2));
    }
}
