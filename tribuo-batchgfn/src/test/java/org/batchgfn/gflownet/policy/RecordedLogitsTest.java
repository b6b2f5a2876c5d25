package org.batchgfn.gflownet.policy;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training pass over trajectories sampled from a recording snapshot takes the sampled states' logits from the
 * snapshot's record. That must change no bit: the pass's outputs and every gradient equal those of a pass that
 * computes all its logits, with ε-random steps and a trajectory the snapshot never saw (both computed by the pass),
 * on a pool of two kernel chunks, with and without train-set conditioning; and a snapshot taken before the
 * parameters changed must not be used.
 */
class RecordedLogitsTest {

    private static final int N = 700; // two kernel chunks
    private static final int B = 5;

    @Test
    void passOnRecordedLogitsIsBitForBitThePlainPass() {
        for (boolean conditioned : new boolean[]{false, true}) {
            SplittableRandom data = new SplittableRandom(23);
            double[][] pool = new double[N][2];
            for (double[] row : pool) {
                row[0] = data.nextGaussian();
                row[1] = data.nextGaussian();
            }
            PolicyNetwork network = new PolicyNetwork(pool, new PolicyArchitecture(24, 2), B, DataType.FLOAT,
                    new SplittableRandom(4), conditioned);
            if (conditioned) {
                double[][] pairs = new double[6][3];
                for (double[] row : pairs) {
                    for (int j = 0; j < 3; j++) {
                        row[j] = data.nextGaussian();
                    }
                }
                network.conditionOn(pairs);
            }
            double[][] identity = new double[N][N];
            for (int i = 0; i < N; i++) {
                identity[i][i] = 1.0;
            }
            JointMutualInformation reward = new JointMutualInformation(new DenseCovariance(identity), 1.0);
            TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, B), reward, 0.3)
                    .withPolicyTemperature(2.0);
            PolicySnapshot snapshot = network.recordingSnapshot();
            List<Trajectory> sampled = sampler.sample(snapshot, 6, new SplittableRandom(9));
            int[][] actions = new int[sampled.size() + 1][];
            for (int t = 0; t < sampled.size(); t++) {
                actions[t] = sampled.get(t).actions();
            }
            actions[sampled.size()] = new int[]{3, 650, 12, 499, 7}; // never sampled: its states are computed
            int states = actions.length * B;

            PolicyPass recorded = network.forward(actions, snapshot);
            PolicyPass plain = network.forward(actions);
            String where = conditioned ? "conditioned" : "unconditioned";
            // the empty state at least, and never the unsampled trajectory's four non-empty states
            assertTrue(recorded.reusedStates() > 0 && recorded.reusedStates() <= states - (B - 1),
                    where + ": reused " + recorded.reusedStates() + " of " + states);
            assertEquals(0, plain.reusedStates());
            assertArrayEquals(plain.logForward(), recorded.logForward(), where);
            assertArrayEquals(plain.logFlowTilde(), recorded.logFlowTilde(), where);
            double[] dForward = new double[states];
            double[] dFlow = new double[states];
            SplittableRandom g = new SplittableRandom(2);
            for (int s = 0; s < states; s++) {
                dForward[s] = g.nextGaussian();
                dFlow[s] = g.nextGaussian();
            }
            Map<String, INDArray> a = plain.backward(dForward, dFlow);
            Map<String, INDArray> r = recorded.backward(dForward, dFlow);
            for (String name : a.keySet()) {
                assertArrayEquals(a.get(name).ravel().toFloatVector(), r.get(name).ravel().toFloatVector(),
                        where + ": " + name);
            }
            // The record answers a state it has seen with the logits a fresh snapshot computes.
            int[] prefix = {actions[0][0], actions[0][1]};
            assertArrayEquals(network.snapshot().logits(prefix), snapshot.logits(prefix), where);

            // After a parameter changes, the old snapshot's record is not used.
            INDArray v = network.parameters().get(PolicyParameters.HEAD_OUT);
            v.putScalar(0, v.getFloat(0) + 0.25f);
            PolicyPass stale = network.forward(actions, snapshot);
            assertEquals(0, stale.reusedStates(), where);
            assertArrayEquals(network.forward(actions).logForward(), stale.logForward(), where);
        }
    }
}
