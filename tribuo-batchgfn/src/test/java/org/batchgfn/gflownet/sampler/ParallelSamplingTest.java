package org.batchgfn.gflownet.sampler;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.policy.ComputeThreads;
import org.batchgfn.gflownet.policy.ForwardPolicy;
import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link TrajectorySampler#sample} draws a step's random numbers first and then follows the trajectories in
 * parallel: its batches must be those of {@link TrajectorySampler#sampleActions} called once per trajectory on the
 * same random source (the sequential definition), with the random source left in the same state, whatever the
 * thread count and whether or not the policy is thread-safe.
 */
class ParallelSamplingTest {

    private static final int N = 60;
    private static final int B = 6;

    /** A state-dependent policy: logits from a hash of the state's sum, fixed per (state, point). */
    private static ForwardPolicy policy(boolean threadSafe) {
        return new ForwardPolicy() {
            @Override
            public int poolSize() {
                return N;
            }

            @Override
            public double[] logProbabilities(int[] state) {
                long key = 17;
                for (int s : state) {
                    key = key * 31 + s;
                }
                SplittableRandom r = new SplittableRandom(key);
                double[] lp = new double[N];
                for (int x = 0; x < N; x++) {
                    lp[x] = 2 * r.nextGaussian();
                }
                for (int s : state) {
                    lp[s] = Double.NEGATIVE_INFINITY;
                }
                return lp;
            }

            @Override
            public boolean isThreadSafe() {
                return threadSafe;
            }
        };
    }

    @Test
    void parallelBatchesAreTheSequentialOnes() {
        double[][] identity = new double[N][N];
        for (int i = 0; i < N; i++) {
            identity[i][i] = 1.0;
        }
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, B),
                new JointMutualInformation(new DenseCovariance(identity), 1.0), 0.3).withPolicyTemperature(1.5);
        int before = ComputeThreads.get();
        try {
            for (int threads : new int[]{1, 2, 3}) {
                ComputeThreads.set(threads);
                for (boolean threadSafe : new boolean[]{true, false}) {
                    SplittableRandom parallel = new SplittableRandom(42);
                    SplittableRandom sequential = new SplittableRandom(42);
                    List<Trajectory> batch = sampler.sample(policy(threadSafe), 8, parallel);
                    for (int t = 0; t < 8; t++) {
                        assertArrayEquals(sampler.sampleActions(policy(threadSafe), sequential),
                                batch.get(t).actions(), "threads " + threads + ", trajectory " + t);
                    }
                    assertEquals(sequential.nextLong(), parallel.nextLong(), "random source after sampling");
                }
            }
        } finally {
            ComputeThreads.set(before);
        }
    }
}
