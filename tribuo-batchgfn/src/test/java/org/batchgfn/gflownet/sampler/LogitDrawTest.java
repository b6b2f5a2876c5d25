package org.batchgfn.gflownet.sampler;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.policy.ForwardPolicy;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sampler draws on {@link ForwardPolicy#logits} (the snapshot's unnormalised logits) instead of the normalised
 * log-probabilities: the two differ by one constant per state, so every draw must pick the same point. Checked against
 * the same snapshot seen only through its log-probabilities (the interface's default {@code logits}), over 1800 draws
 * with and without tempering and ε-steps.
 */
class LogitDrawTest {

    private static final int N = 300;
    private static final int B = 6;

    @Test
    void drawsOnLogitsPickTheLogProbabilitiesDraws() {
        SplittableRandom data = new SplittableRandom(11);
        double[][] pool = new double[N][2];
        for (double[] row : pool) {
            row[0] = data.nextGaussian();
            row[1] = data.nextGaussian();
        }
        PolicyNetwork network = new PolicyNetwork(pool, new PolicyArchitecture(16, 2), B, DataType.FLOAT,
                new SplittableRandom(5));
        PolicySnapshot snapshot = network.snapshot();
        ForwardPolicy normalisedOnly = new ForwardPolicy() {
            @Override
            public int poolSize() {
                return N;
            }

            @Override
            public double[] logProbabilities(int[] state) {
                return snapshot.logProbabilities(state);
            }
        };
        int[] state = {4, 17, 250};
        double[] logits = snapshot.logits(state);
        double[] logProbabilities = snapshot.logProbabilities(state);
        double shift = logits[0] - logProbabilities[0];
        for (int x = 0; x < N; x++) {
            boolean chosen = x == 4 || x == 17 || x == 250;
            if (chosen) {
                assertEquals(Double.NEGATIVE_INFINITY, logits[x], "chosen point " + x);
                assertEquals(Double.NEGATIVE_INFINITY, logProbabilities[x], "chosen point " + x);
            } else {
                assertEquals(shift, logits[x] - logProbabilities[x], 1e-9 * (1 + Math.abs(shift)), "point " + x);
            }
        }

        double[][] identity = new double[N][N];
        for (int i = 0; i < N; i++) {
            identity[i][i] = 1.0;
        }
        JointMutualInformation reward = new JointMutualInformation(new DenseCovariance(identity), 1.0);
        for (double epsilon : new double[]{0.0, 0.2}) {
            for (double tau : new double[]{1.0, 2.0}) {
                TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, B), reward,
                        epsilon).withPolicyTemperature(tau);
                List<Trajectory> onLogits = sampler.sample(snapshot, 75, new SplittableRandom(3));
                List<Trajectory> onLogProbabilities = sampler.sample(normalisedOnly, 75, new SplittableRandom(3));
                for (int t = 0; t < onLogits.size(); t++) {
                    assertArrayEquals(onLogProbabilities.get(t).actions(), onLogits.get(t).actions(),
                            "epsilon " + epsilon + ", tau " + tau + ", trajectory " + t);
                }
            }
        }
    }
}
