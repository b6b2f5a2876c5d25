package org.batchgfn.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.ComputeThreads;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.AdamOptimizer;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training is a function of the seed alone: two runs of 50 steps from the same seed give bit-identical parameters
 * (the bench's resume relies on it), with one thread or two. The pool (1100 points, 3 kernel chunks) and width make each pass large enough to run on the threads.
 */
class TrainingDeterminismTest {

    private static final int N = 1100;
    private final int initialThreads = ComputeThreads.get();

    @AfterEach
    void restoreThreads() {
        ComputeThreads.set(initialThreads);
    }

    private static JointMutualInformation reward() {
        return new JointMutualInformation(
                ToyPosterior.covariance(ToyPosterior.inputs(N, 21), new double[]{-1.0, 0.3}, 0.5, 0.01), 0.01);
    }

    private static PolicyNetwork network() {
        return new PolicyNetwork(PoolStandardizer.standardize(ToyPosterior.column(ToyPosterior.inputs(N, 21))),
                new PolicyArchitecture(32, 2), 4, DataType.FLOAT,
                new SplittableRandom(5));
    }

    private static Map<String, float[]> train(int threads) {
        ComputeThreads.set(threads);
        PolicyNetwork net = network();
        new BatchGfnTrainer(new TrainerSettings(50, 8, 1e-3, 0.1, 0.9, 0.1)).train(net, reward(),
                new SplittableRandom(6));
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> p : net.parameters().entrySet()) {
            out.put(p.getKey(), p.getValue().dup().data().asFloat());
        }
        return out;
    }

    @Test
    void sameSeedAndThreadCountGiveBitIdenticalParameters() {
        Map<String, float[]> first = train(2);
        Map<String, float[]> second = train(2);
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name + ": two runs, 2 threads");
        }
        // Training moved the parameters (the comparison is not between two untouched initialisations).
        float[] init = network().parameters().get("head_wx").dup().data().asFloat();
        float[] trained = first.get("head_wx");
        double moved = 0;
        for (int i = 0; i < init.length; i++) {
            moved = Math.max(moved, Math.abs(init[i] - trained[i]));
        }
        assertTrue(moved > 1e-3, "training moved head_wx by at most " + moved);
    }

    /**
     * One and two threads: the fused kernel is thread-count independent by construction (fixed chunks, partial sums
     * in chunk order), its softmax is scalar (the Vector API's EXP and lane sums round differently compiled and
     * interpreted) and ND4J is pinned to one thread, so the sampled batches, the gradients and the parameters after
     * 50 steps are bit-identical.
     */
    @Test
    void oneAndTwoThreadsGiveBitIdenticalTraining() {
        List<int[]> batches1 = new ArrayList<>();
        List<int[]> batches2 = new ArrayList<>();
        Map<String, float[]> one = trainRecording(1, batches1);
        Map<String, float[]> two = trainRecording(2, batches2);
        assertEquals(80, batches1.size());
        assertEquals(batches1.size(), batches2.size());
        for (int i = 0; i < batches1.size(); i++) {
            assertArrayEquals(batches1.get(i), batches2.get(i), "trajectory " + i);
        }
        for (String name : one.keySet()) {
            assertArrayEquals(one.get(name), two.get(name), "first-step gradient " + name);
        }
        Map<String, float[]> single = train(1);
        Map<String, float[]> pair = train(2);
        for (String name : single.keySet()) {
            assertArrayEquals(single.get(name), pair.get(name), name + ": 1 vs 2 threads after 50 steps");
        }
    }

    /** Trains 10 steps, recording the sampled batches; returns the first step's gradients. */
    private static Map<String, float[]> trainRecording(int threads, List<int[]> batches) {
        ComputeThreads.set(threads);
        PolicyNetwork net = network();
        TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(N, 4), reward(), 0.1);
        AdamOptimizer adam = new AdamOptimizer(1e-3);
        SplittableRandom rng = new SplittableRandom(6);
        Map<String, float[]> firstGradients = new LinkedHashMap<>();
        for (int step = 0; step < 10; step++) {
            List<Trajectory> batch = sampler.sample(net.snapshot(), 8, rng);
            batch.forEach(t -> batches.add(t.actions()));
            Map<String, INDArray> g = new SubTrajectoryBalanceLoss(0.9, net.batchSize())
                    .lossAndGradients(net, batch, 0.1).gradients();
            if (step == 0) {
                g.forEach((name, a) -> firstGradients.put(name, a.dup().data().asFloat()));
            }
            adam.update(net.parameters(), g);
        }
        return firstGradients;
    }
}
