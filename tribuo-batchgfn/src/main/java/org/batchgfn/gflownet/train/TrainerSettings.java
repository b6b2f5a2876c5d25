package org.batchgfn.gflownet.train;

import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.policy.ComputeThreads;
import org.batchgfn.gflownet.sampler.ReplayTrajectories;
import org.batchgfn.gflownet.sampler.TrajectorySampler;

/**
 * Hyper-parameters of BatchGFN training (paper Table 1 defaults in {@link #PAPER}).
 *
 * @param steps                 number of optimisation steps
 * @param trajectoriesPerStep   T_b, trajectories sampled per step
 * @param learningRate          Adam learning rate of the encoder and the policy head (but its output layer, which
 *                              learns at {@code logitLearningRate})
 * @param epsilon               ε-random exploration probability while sampling training trajectories
 * @param lambda                SubTB λ
 * @param temperature           reward temperature T, {@code R = exp(JMI/T)}
 * @param flowLearningRate      Adam learning rate of the log-flow head ({@code flow_*} parameters). The learned
 *                              {@code log F̃} must reach the scale of the remaining reward, {@code ≈ JMI/T}
 *                              (thousands at T = 0.01), which Adam at 1e-3 per step cannot do in 5000 steps; a
 *                              larger flow rate is the usual remedy (as for log Z in trajectory balance)
 * @param flowBaseline          the analytic baseline {@code b(s)/T} added to the learned log-flow, so the network
 *                              learns only the residual of {@code log F̃} ({@link FlowBaseline}); removes the
 *                              need for a large flow rate at low temperature
 * @param logitLearningRate     Adam learning rate of the policy head's output layer ({@code head_out}, the vector
 *                              {@code v} in {@code logit = v · relu(…)}). For the same reason as the flow head's:
 *                              the logits must reach the scale of the marginal gains over T, {@code Δ(x | s)/T}
 *                              (hundreds at T = 0.01), and since the head is ReLU-homogeneous a larger rate on
 *                              {@code v} alone is the same as letting the logits' scale learn faster. The paper
 *                              uses the single rate, {@code learningRate}
 * @param explorationTemperature τ ≥ 1: training trajectories' policy steps are drawn from {@code PF^(1/τ)}
 *                              renormalised (tempered exploration, {@link TrajectorySampler#withPolicyTemperature});
 *                              1 samples from the policy itself, as in the paper (which explores by ε alone)
 * @param threads               compute threads of training (the fused head kernel's, {@link ComputeThreads}; ND4J
 *                              stays on one thread), set when training starts; 0 (the default of the shorter
 *                              constructors) keeps the process-wide setting, every core unless changed. A seed gives
 *                              bit-identical training whatever the thread count
 * @param budget                when training stops before {@code steps}: a wall-clock budget and a convergence rule
 *                              ({@link TrainingBudget}); the shorter constructors use {@link TrainingBudget#STEPS_ONLY}
 * @param replayTrajectories    off-policy replay: trajectories built from the greedy BatchBALD batch and the best
 *                              batches sampled so far, in random orders, appended to each step's
 *                              {@code trajectoriesPerStep} on-policy ones ({@link ReplayTrajectories}); 0 (the paper,
 *                              and the shorter constructors) replays nothing
 */
public record TrainerSettings(int steps, int trajectoriesPerStep, double learningRate, double epsilon, double lambda,
                              double temperature, double flowLearningRate, FlowBaseline flowBaseline,
                              double logitLearningRate, double explorationTemperature, int threads,
                              TrainingBudget budget, int replayTrajectories) {

    /** The flow baseline of the shorter constructors. */
    public static final FlowBaseline DEFAULT_FLOW_BASELINE = FlowBaseline.NONE;

    /** Paper Table 1: 5000 steps, 8 trajectories, lr 1e-3, ε = 0.1, λ = 0.9, T = 0.1. */
    public static final TrainerSettings PAPER = new TrainerSettings(5000, 8, 1e-3, 0.1, 0.9, 0.1);

    /**
     * Settings with one learning rate for every parameter, as in the paper.
     *
     * @param steps               number of optimisation steps
     * @param trajectoriesPerStep T_b
     * @param learningRate        Adam learning rate of all parameters
     * @param epsilon             exploration probability
     * @param lambda              SubTB λ
     * @param temperature         reward temperature
     */
    public TrainerSettings(int steps, int trajectoriesPerStep, double learningRate, double epsilon, double lambda,
                           double temperature) {
        this(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature, learningRate);
    }

    /**
     * Settings with the default flow baseline, {@link #DEFAULT_FLOW_BASELINE}.
     *
     * @param steps               number of optimisation steps
     * @param trajectoriesPerStep T_b
     * @param learningRate        Adam learning rate of the encoder and the policy head
     * @param epsilon             exploration probability
     * @param lambda              SubTB λ
     * @param temperature         reward temperature
     * @param flowLearningRate    Adam learning rate of the log-flow head
     */
    public TrainerSettings(int steps, int trajectoriesPerStep, double learningRate, double epsilon, double lambda,
                           double temperature, double flowLearningRate) {
        this(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature, flowLearningRate,
                DEFAULT_FLOW_BASELINE);
    }

    /**
     * Settings whose policy output layer learns at {@code learningRate} (as in the paper).
     *
     * @param steps               number of optimisation steps
     * @param trajectoriesPerStep T_b
     * @param learningRate        Adam learning rate of the encoder and the policy head
     * @param epsilon             exploration probability
     * @param lambda              SubTB λ
     * @param temperature         reward temperature
     * @param flowLearningRate    Adam learning rate of the log-flow head
     * @param flowBaseline        the analytic log-flow baseline
     */
    public TrainerSettings(int steps, int trajectoriesPerStep, double learningRate, double epsilon, double lambda,
                           double temperature, double flowLearningRate, FlowBaseline flowBaseline) {
        this(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature, flowLearningRate, flowBaseline,
                learningRate, 1.0);
    }

    /**
     * Settings that keep the process-wide thread setting ({@code threads = 0}).
     *
     * @param steps                  number of optimisation steps
     * @param trajectoriesPerStep    T_b
     * @param learningRate           Adam learning rate of the encoder and the policy head
     * @param epsilon                exploration probability
     * @param lambda                 SubTB λ
     * @param temperature            reward temperature
     * @param flowLearningRate       Adam learning rate of the log-flow head
     * @param flowBaseline           the analytic log-flow baseline
     * @param logitLearningRate      Adam learning rate of the policy head's output layer
     * @param explorationTemperature τ ≥ 1
     */
    public TrainerSettings(int steps, int trajectoriesPerStep, double learningRate, double epsilon, double lambda,
                           double temperature, double flowLearningRate, FlowBaseline flowBaseline,
                           double logitLearningRate, double explorationTemperature) {
        this(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature, flowLearningRate, flowBaseline,
                logitLearningRate, explorationTemperature, 0);
    }

    /**
     * Settings that train exactly {@code steps} steps ({@link TrainingBudget#STEPS_ONLY}) without off-policy replay
     * ({@code replayTrajectories = 0}).
     *
     * @param steps                  number of optimisation steps
     * @param trajectoriesPerStep    T_b
     * @param learningRate           Adam learning rate of the encoder and the policy head
     * @param epsilon                exploration probability
     * @param lambda                 SubTB λ
     * @param temperature            reward temperature
     * @param flowLearningRate       Adam learning rate of the log-flow head
     * @param flowBaseline           the analytic log-flow baseline
     * @param logitLearningRate      Adam learning rate of the policy head's output layer
     * @param explorationTemperature τ ≥ 1
     * @param threads                compute threads, or 0 for the process-wide setting
     */
    public TrainerSettings(int steps, int trajectoriesPerStep, double learningRate, double epsilon, double lambda,
                           double temperature, double flowLearningRate, FlowBaseline flowBaseline,
                           double logitLearningRate, double explorationTemperature, int threads) {
        this(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature, flowLearningRate, flowBaseline,
                logitLearningRate, explorationTemperature, threads, TrainingBudget.STEPS_ONLY, 0);
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public TrainerSettings {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        if (trajectoriesPerStep < 1) {
            throw new IllegalArgumentException("trajectories per step must be >= 1, got " + trajectoriesPerStep);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("exploration epsilon must be in [0, 1], got " + epsilon);
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("SubTB lambda must be finite and > 0, got " + lambda);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (!(flowLearningRate > 0) || !Double.isFinite(flowLearningRate)) {
            throw new IllegalArgumentException("flow learning rate must be finite and > 0, got " + flowLearningRate);
        }
        if (flowBaseline == null) {
            throw new IllegalArgumentException("flow baseline must not be null; use FlowBaseline.NONE for none");
        }
        if (!(logitLearningRate > 0) || !Double.isFinite(logitLearningRate)) {
            throw new IllegalArgumentException("logit learning rate must be finite and > 0, got "
                    + logitLearningRate);
        }
        if (!(explorationTemperature >= 1) || !Double.isFinite(explorationTemperature)) {
            throw new IllegalArgumentException("exploration temperature must be finite and >= 1, got "
                    + explorationTemperature);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 1, or 0 for the process-wide setting, got "
                    + threads);
        }
        if (budget == null) {
            throw new IllegalArgumentException("training budget must not be null; use TrainingBudget.STEPS_ONLY for "
                    + "none");
        }
        if (replayTrajectories < 0) {
            throw new IllegalArgumentException("replayed trajectories per step must be >= 0 (0: no replay), got "
                    + replayTrajectories);
        }
    }

    /**
     * @param newReplayTrajectories replayed trajectories per step (0: none)
     * @return a copy with a different replay count
     */
    public TrainerSettings withReplayTrajectories(int newReplayTrajectories) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, threads,
                budget, newReplayTrajectories);
    }

    /**
     * @param newSteps the number of steps
     * @return a copy with a different number of steps
     */
    public TrainerSettings withSteps(int newSteps) {
        return new TrainerSettings(newSteps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, threads, budget,
                replayTrajectories);
    }

    /**
     * @param newBudget the time and convergence rules
     * @return a copy with a different training budget
     */
    public TrainerSettings withBudget(TrainingBudget newBudget) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, threads, newBudget,
                replayTrajectories);
    }

    /**
     * @param newThreads compute threads (≥ 1), or 0 for the process-wide setting
     * @return a copy with a different thread count
     */
    public TrainerSettings withThreads(int newThreads) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, newThreads, budget,
                replayTrajectories);
    }

    /**
     * @param newTemperature the temperature
     * @return a copy with a different temperature
     */
    public TrainerSettings withTemperature(double newTemperature) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, newTemperature,
                flowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, threads, budget,
                replayTrajectories);
    }

    /**
     * @param newFlowLearningRate the learning rate of the log-flow head
     * @return a copy with a different flow learning rate
     */
    public TrainerSettings withFlowLearningRate(double newFlowLearningRate) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                newFlowLearningRate, flowBaseline, logitLearningRate, explorationTemperature, threads, budget,
                replayTrajectories);
    }

    /**
     * @param newFlowBaseline the log-flow baseline
     * @return a copy with a different flow baseline
     */
    public TrainerSettings withFlowBaseline(FlowBaseline newFlowBaseline) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, newFlowBaseline, logitLearningRate, explorationTemperature, threads, budget,
                replayTrajectories);
    }

    /**
     * @param newLogitLearningRate the learning rate of the policy head's output layer
     * @return a copy with a different logit learning rate
     */
    public TrainerSettings withLogitLearningRate(double newLogitLearningRate) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, newLogitLearningRate, explorationTemperature, threads, budget,
                replayTrajectories);
    }

    /**
     * @param newExplorationTemperature τ ≥ 1 of the training trajectories' policy steps
     * @return a copy with a different exploration temperature
     */
    public TrainerSettings withExplorationTemperature(double newExplorationTemperature) {
        return new TrainerSettings(steps, trajectoriesPerStep, learningRate, epsilon, lambda, temperature,
                flowLearningRate, flowBaseline, logitLearningRate, newExplorationTemperature, threads, budget,
                replayTrajectories);
    }
}
