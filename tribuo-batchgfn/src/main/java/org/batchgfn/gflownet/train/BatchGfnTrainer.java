package org.batchgfn.gflownet.train;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.ComputeThreads;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicyParameters;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.sampler.ReplayTrajectories;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.reward.BatchReward;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The BatchGFN training loop. Each step: (1) snapshot the current policy (pool encoded once, head split) and sample
 * {@code T_b} trajectories from it with ε-random and tempered exploration
 * ({@link TrainerSettings#explorationTemperature()}), the trajectories in parallel; (2) evaluate the SubTB(λ) loss
 * ({@link SubTrajectoryBalanceLoss}, with λ from the settings and B from the network) on all {@code T_b·B} states
 * (with {@link TrainerSettings#replayTrajectories()} replayed good batches appended, {@link ReplayTrajectories}) in
 * one batched forward-backward pass of the network ({@code PolicyPass}), with the forward-looking flows
 * {@code JMI(prefix)/T};
 * (3) one Adam step (the log-flow head with its own learning rate, {@link TrainerSettings#flowLearningRate()}, and
 * the policy head's output layer with {@link TrainerSettings#logitLearningRate()}), on
 * {@link TrainerSettings#threads()} compute threads. Cost per step:
 * {@link StepCost#flopsPerStep}. Training stops at the step count, or earlier by the settings'
 * {@link TrainingBudget} (wall clock, or convergence of the best terminal reward of the step's on-policy
 * trajectories), whichever comes first; the {@link Report} says which ({@link StopReason}). Immutable; the network
 * it trains is mutated.
 */
public final class BatchGfnTrainer {

    /** Number of best sampled batches the off-policy replay remembers ({@link ReplayTrajectories}). */
    public static final int REPLAY_CAPACITY = 4;

    private final TrainerSettings settings;
    private final LongSupplier nanoClock;

    /**
     * @param settings training hyper-parameters
     */
    public BatchGfnTrainer(TrainerSettings settings) {
        this(settings, System::nanoTime);
    }

    /**
     * @param settings  training hyper-parameters
     * @param nanoClock the clock of the time budget and the reported seconds (tests pass their own)
     */
    BatchGfnTrainer(TrainerSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /** @return the settings */
    public TrainerSettings settings() {
        return settings;
    }

    /**
     * A record of a training run.
     *
     * @param steps        steps taken
     * @param finalLoss    mean SubTB loss over the last min(100, steps) steps (NaN if none)
     * @param seconds      wall-clock seconds
     * @param flops        floating-point operations by the cost model
     * @param stopReason   why training stopped after {@code steps} steps
     */
    public record Report(int steps, double finalLoss, double seconds, double flops, StopReason stopReason) {

        /** @return achieved floating-point operations per second */
        public double flopsPerSecond() {
            return flops / seconds;
        }
    }

    /**
     * Trains the network on the reward.
     *
     * @param network the policy (mutated)
     * @param reward  the batch reward over the network's pool
     * @param rng     random source for trajectory sampling
     * @return a report
     */
    public Report train(PolicyNetwork network, BatchReward reward, SplittableRandom rng) {
        return train(network, reward, rng, settings.steps(), s -> { });
    }

    /**
     * Trains for a given number of steps, or fewer if the settings' {@link TrainingBudget} stops it first, calling
     * {@code afterStep} with the 1-based step number after each step (for learning curves).
     *
     * @param network   the policy (mutated)
     * @param reward    the batch reward over the network's pool
     * @param rng       random source
     * @param steps     the most steps to take
     * @param afterStep callback
     * @return a report
     */
    public Report train(PolicyNetwork network, BatchReward reward, SplittableRandom rng, int steps,
                        IntConsumer afterStep) {
        if (settings.threads() > 0 && settings.threads() != ComputeThreads.get()) {
            ComputeThreads.set(settings.threads());
        }
        int b = network.batchSize();
        SubTrajectoryBalanceLoss loss = new SubTrajectoryBalanceLoss(settings.lambda(), b);
        SetConstructionEnvironment env = new SetConstructionEnvironment(network.poolSize(), b);
        TrajectorySampler sampler = new TrajectorySampler(env, reward, settings.epsilon(), settings.flowBaseline())
                .withPolicyTemperature(settings.explorationTemperature());
        Optimizers adam = optimizerFor(network);
        StoppingRule stopping = new StoppingRule(steps, settings.budget(), nanoClock);
        // the greedy guide of the replay is computed inside the budget
        ReplayTrajectories replay = settings.replayTrajectories() == 0 ? null : ReplayTrajectories.withGreedyGuide(
                reward, b, settings.flowBaseline(), settings.replayTrajectories(), REPLAY_CAPACITY, rng.split());
        // The gradient arrays, overwritten at every step (ND4J arrays are costly to create)
        Map<String, INDArray> gradients = network.newGradientArrays();
        double[] lastLosses = new double[100];
        int step = 0;
        StopReason stopReason;
        while ((stopReason = stopping.check(step)) == null) {
            step++;
            PolicySnapshot snapshot = network.recordingSnapshot();
            List<Trajectory> batch = sampler.sample(snapshot, settings.trajectoriesPerStep(), rng);
            stopping.observe(bestTerminalReward(batch));
            // the convergence signal is the on-policy samples' best reward; replayed batches are appended after it
            batch = replay == null ? batch : replay.extend(batch);
            SubTrajectoryBalanceLoss.LossAndGradients lg = loss.lossAndGradients(network, batch,
                    settings.temperature(), snapshot, gradients);
            if (!Double.isFinite(lg.loss())) {
                throw new IllegalStateException("SubTB loss became " + lg.loss() + " at step " + step
                        + "; lower the learning rate or raise the temperature");
            }
            adam.update(network.parameters(), lg.gradients());
            lastLosses[(step - 1) % lastLosses.length] = lg.loss();
            afterStep.accept(step);
        }
        double seconds = stopping.elapsedSeconds();
        int lossCount = Math.min(step, lastLosses.length);
        double lossSum = 0;
        for (int k = 0; k < lossCount; k++) {
            lossSum += lastLosses[k];
        }
        double flops = step * StepCost.flopsPerStep(network.poolSize(), network.encoderInputWidth(),
                network.architecture().hiddenWidth(), network.architecture().encoderLayers(), b,
                settings.trajectoriesPerStep(), settings.replayTrajectories());
        return new Report(step, lossCount == 0 ? Double.NaN : lossSum / lossCount, seconds, flops, stopReason);
    }

    /** The convergence signal of a step: the best terminal reward of its on-policy trajectories. */
    private static double bestTerminalReward(List<Trajectory> trajectories) {
        double best = Double.NEGATIVE_INFINITY;
        for (Trajectory t : trajectories) {
            best = Math.max(best, t.terminalJmi());
        }
        return best;
    }

    private final Map<PolicyNetwork, Optimizers> optimizers = new WeakHashMap<>();

    private synchronized Optimizers optimizerFor(PolicyNetwork network) {
        return optimizers.computeIfAbsent(network, n -> new Optimizers(new AdamOptimizer(settings.learningRate()),
                new AdamOptimizer(settings.flowLearningRate()), new AdamOptimizer(settings.logitLearningRate())));
    }

    /**
     * Adam for the encoder and the policy head's hidden layer, and separate ones (own rates) for the log-flow head
     * and for the policy head's output layer. Adam keeps per-entry moments, so with equal rates the split is the same
     * as one optimiser over all parameters.
     */
    private record Optimizers(AdamOptimizer policy, AdamOptimizer flow, AdamOptimizer logits) {
        void update(Map<String, INDArray> parameters,
                    Map<String, INDArray> gradients) {
            Map<String, INDArray> policyPart = new LinkedHashMap<>();
            Map<String, INDArray> flowPart = new LinkedHashMap<>();
            Map<String, INDArray> logitPart = new LinkedHashMap<>();
            parameters.forEach((name, p) -> (PolicyParameters.isFlowHead(name) ? flowPart
                    : PolicyParameters.isLogitLayer(name) ? logitPart : policyPart).put(name, p));
            policy.update(policyPart, gradients);
            flow.update(flowPart, gradients);
            logits.update(logitPart, gradients);
        }
    }
}
