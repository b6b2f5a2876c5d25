package org.batchgfn.bench;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.reward.BatchReward;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * A BatchGFN policy trained on one reward, the way {@link org.batchgfn.acquisition.BatchGfnAcquisition} trains it
 * (standardised pool, float32 network, SubTB(λ) with the forward-looking flows, ε-exploration; the network's
 * initial weights from {@code rng.split()}, the training trajectories from a second {@code rng.split()}), with the
 * training time measured, so experiments can look at the trained policy itself: sample many batches from it, or
 * score every set exactly, also during training. Mutable (the network is trained in place).
 */
public final class PolicyTraining {

    private final PolicyNetwork network;
    private final int batchSize;
    private double trainingSeconds;

    private PolicyTraining(PolicyNetwork network, int batchSize) {
        this.network = network;
        this.batchSize = batchSize;
    }

    /**
     * Builds an untrained policy.
     *
     * @param poolFeatures raw pool features (standardised here)
     * @param batchSize    B
     * @param architecture width and depth
     * @param settings     training settings (λ is used here)
     * @param rng          random source; the initial weights come from {@code rng.split()}
     * @return the policy
     */
    public static PolicyTraining untrained(double[][] poolFeatures, int batchSize, PolicyArchitecture architecture,
                                           TrainerSettings settings, SplittableRandom rng) {
        return new PolicyTraining(new PolicyNetwork(PoolStandardizer.standardize(poolFeatures), architecture,
                batchSize, DataType.FLOAT, rng.split()), batchSize);
    }

    /**
     * Builds and trains a policy.
     *
     * @param poolFeatures raw pool features (standardised here)
     * @param reward       the JMI over the pool
     * @param batchSize    B
     * @param architecture width and depth
     * @param settings     training settings (steps, T, ...)
     * @param rng          random source; two values are split off it
     * @param afterStep    called after every training step with the 1-based step number
     * @return the trained policy
     */
    public static PolicyTraining train(double[][] poolFeatures, BatchReward reward, int batchSize,
                                       PolicyArchitecture architecture, TrainerSettings settings, SplittableRandom rng,
                                       IntConsumer afterStep) {
        PolicyTraining p = untrained(poolFeatures, batchSize, architecture, settings, rng);
        p.train(reward, settings, rng, afterStep);
        return p;
    }

    /**
     * Trains the policy for {@code settings.steps()} steps (more training if called again).
     *
     * @param reward    the JMI over the pool
     * @param settings  training settings
     * @param rng       random source; the trajectories come from {@code rng.split()}
     * @param afterStep called after every step with the 1-based step number
     */
    public void train(BatchReward reward, TrainerSettings settings, SplittableRandom rng, IntConsumer afterStep) {
        long start = System.nanoTime();
        new BatchGfnTrainer(settings).train(network, reward, rng.split(), settings.steps(), afterStep);
        trainingSeconds += (System.nanoTime() - start) * 1e-9;
    }

    /** @return the network */
    public PolicyNetwork network() {
        return network;
    }

    /** @return wall-clock seconds spent training so far */
    public double trainingSeconds() {
        return trainingSeconds;
    }
    /**
     * Samples one batch from the trained policy without exploration.
     *
     * @param reward the reward the policy was trained on
     * @param rng    random source
     * @return B distinct pool indices
     */
    public int[] sample(BatchReward reward, SplittableRandom rng) {
        return sampler(reward).sampleActions(network.snapshot(), rng);
    }

    /**
     * Samples {@code k} batches and keeps the one with the highest reward (BatchGFN inference).
     *
     * @param reward the reward the policy was trained on
     * @param k      number of samples, ≥ 1
     * @param rng    random source
     * @return the best batch
     */
    public int[] bestOf(BatchReward reward, int k, SplittableRandom rng) {
        PolicySnapshot policy = network.snapshot();
        TrajectorySampler sampler = sampler(reward);
        int[] best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            int[] batch = sampler.sampleActions(policy, rng);
            double v = reward.value(batch);
            if (v > bestValue) {
                bestValue = v;
                best = batch;
            }
        }
        return best;
    }

    private TrajectorySampler sampler(BatchReward reward) {
        return new TrajectorySampler(new SetConstructionEnvironment(network.poolSize(), batchSize), reward, 0.0);
    }
}
