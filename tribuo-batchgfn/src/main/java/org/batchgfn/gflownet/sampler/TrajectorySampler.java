package org.batchgfn.gflownet.sampler;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.policy.ComputeThreads;
import org.batchgfn.gflownet.policy.ForwardPolicy;
import org.batchgfn.onnx.MaskedCategorical;
import org.batchgfn.reward.BatchReward;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Samples complete trajectories {@code ∅ → … → B points} from a forward policy. Each trajectory first takes a
 * trajectory seed ({@code rng.nextLong()}); its k-th policy step is the {@link MaskedCategorical#draw} Gumbel-max
 * draw with that seed and step k, the same step the ONNX runtime ({@code org.batchgfn.onnx.OnnxPolicy}) takes, so
 * with ε = 0 both sample the same batches from the same seed.
 * With exploration ε > 0 each step
 * takes, with probability ε, a uniformly random unchosen point instead of a policy draw (ε-random exploration for
 * training; the loss still scores the policy's own log-probabilities), and the policy draws may be tempered,
 * from {@code PF(x | S)^(1/τ)} renormalised ({@link #withPolicyTemperature}; τ = 1, the default, is the policy
 * itself). Chosen points are never drawn again.
 * The reward of every prefix is attached from one call to {@link BatchReward#prefixValues(int[])} per trajectory,
 * and the log-flow baseline of every state from {@link FlowBaseline#remainingValues}.
 * Immutable; randomness comes only from the {@link SplittableRandom} passed in.
 */
public final class TrajectorySampler {

    private final SetConstructionEnvironment environment;
    private final BatchReward reward;
    private final double epsilon;
    private final FlowBaseline baseline;
    private final double policyTemperature;

    /**
     * A sampler without a flow baseline (every trajectory's {@link Trajectory#flowBaseline()} is 0).
     *
     * @param environment the set-construction environment (N, B)
     * @param reward      the batch reward over the same pool
     * @param epsilon     exploration probability in {@code [0, 1]}
     * @throws IllegalArgumentException if ε is outside {@code [0, 1]} or the reward's pool size differs
     */
    public TrajectorySampler(SetConstructionEnvironment environment, BatchReward reward, double epsilon) {
        this(environment, reward, epsilon, FlowBaseline.NONE);
    }

    /**
     * @param environment the set-construction environment (N, B)
     * @param reward      the batch reward over the same pool
     * @param epsilon     exploration probability in {@code [0, 1]}
     * @param baseline    the log-flow baseline attached to every sampled trajectory
     * @throws IllegalArgumentException if ε is outside {@code [0, 1]}, the reward's pool size differs, or the
     *                                  baseline needs a JMI reward and this is another
     */
    public TrajectorySampler(SetConstructionEnvironment environment, BatchReward reward, double epsilon,
                             FlowBaseline baseline) {
        if (baseline != FlowBaseline.NONE && !(reward instanceof org.batchgfn.reward.JointMutualInformation)) {
            throw new IllegalArgumentException("flow baseline " + baseline + " needs the JMI reward, got '"
                    + reward.name() + "'; use flow baseline NONE");
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("exploration epsilon must be in [0, 1], got " + epsilon);
        }
        if (reward.poolSize() != environment.poolSize()) {
            throw new IllegalArgumentException("reward is over a pool of " + reward.poolSize()
                    + " points but the environment has " + environment.poolSize());
        }
        this.environment = environment;
        this.reward = reward;
        this.epsilon = epsilon;
        this.baseline = baseline;
        this.policyTemperature = 1.0;
    }

    private TrajectorySampler(TrajectorySampler base, double policyTemperature) {
        this.environment = base.environment;
        this.reward = base.reward;
        this.epsilon = base.epsilon;
        this.baseline = base.baseline;
        this.policyTemperature = policyTemperature;
    }

    /**
     * Tempered exploration: the policy steps draw from {@code softmax(log PF / τ)} over the unchosen points, which
     * for τ &gt; 1 flattens the policy towards its near-best alternatives (the ε-random steps stay uniform). At a low
     * reward temperature the trained policy is nearly deterministic, so without it every training trajectory follows
     * one batch and a better one next to it is never tried; uniform ε-steps rarely help, as a random point of a
     * large pool is almost always a poor one. The loss is unchanged (SubTB is valid off-policy).
     *
     * @param tau τ ≥ 1, finite (1: the policy itself)
     * @return a copy of this sampler with that policy temperature
     * @throws IllegalArgumentException for τ &lt; 1 or a non-finite τ
     */
    public TrajectorySampler withPolicyTemperature(double tau) {
        if (!(tau >= 1) || !Double.isFinite(tau)) {
            throw new IllegalArgumentException("exploration policy temperature must be finite and >= 1, got " + tau);
        }
        return new TrajectorySampler(this, tau);
    }

    /** @return τ, the temperature of the policy draws (1: untempered) */
    public double policyTemperature() {
        return policyTemperature;
    }

    /** @return ε */
    public double epsilon() {
        return epsilon;
    }

    /**
     * Samples {@code count} trajectories. Every random number comes from {@code rng} in the order of
     * {@link #sampleActions} called {@code count} times: the draws of a trajectory (its seed, and per step the
     * ε-test and the random point's rank) do not depend on the policy, so they are taken first, in that order, and
     * the trajectories are then followed in parallel on {@link ComputeThreads} when the policy is thread-safe
     * ({@link ForwardPolicy#isThreadSafe()}). The result is the same whatever the thread count.
     *
     * @param policy the forward policy
     * @param count  number of trajectories, at least 1
     * @param rng    random source
     * @return {@code count} complete trajectories with their prefix rewards
     */
    public List<Trajectory> sample(ForwardPolicy policy, int count, SplittableRandom rng) {
        if (count < 1) {
            throw new IllegalArgumentException("number of trajectories must be >= 1, got " + count);
        }
        if (policy.poolSize() != environment.poolSize()) {
            throw new IllegalArgumentException("policy is over a pool of " + policy.poolSize()
                    + " points but the environment has " + environment.poolSize());
        }
        Draws[] draws = new Draws[count];
        for (int t = 0; t < count; t++) {
            draws[t] = draws(rng);
        }
        int[][] actions = new int[count][];
        if (policy.isThreadSafe()) {
            ComputeThreads.run(count, t -> actions[t] = follow(policy, draws[t]));
        } else {
            for (int t = 0; t < count; t++) {
                actions[t] = follow(policy, draws[t]);
            }
        }
        List<Trajectory> out = new ArrayList<>(count);
        for (int[] a : actions) {
            out.add(new Trajectory(a, reward.prefixValues(a), baseline.remainingValues(reward, a)));
        }
        return out;
    }

    /**
     * @param policy the forward policy
     * @param rng    random source
     * @return the B pool indices of one trajectory, in selection order (distinct)
     */
    public int[] sampleActions(ForwardPolicy policy, SplittableRandom rng) {
        return follow(policy, draws(rng));
    }

    /**
     * The random numbers of one trajectory: its seed for the policy's Gumbel-max draws and, per step, the rank
     * among the unchosen points of an ε-random step ({@code −1} for a policy step).
     */
    private record Draws(long seed, int[] randomRank) {
    }

    private Draws draws(SplittableRandom rng) {
        int n = environment.poolSize();
        int b = environment.batchSize();
        long seed = rng.nextLong();
        int[] rank = new int[b];
        for (int k = 0; k < b; k++) {
            rank[k] = epsilon > 0 && rng.nextDouble() < epsilon ? rng.nextInt(n - k) : -1;
        }
        return new Draws(seed, rank);
    }

    private int[] follow(ForwardPolicy policy, Draws draws) {
        int n = environment.poolSize();
        int[] state = new int[0];
        boolean[] chosen = new boolean[n];
        while (!environment.isTerminal(state)) {
            int action;
            int r = draws.randomRank()[state.length];
            if (r >= 0) {
                action = -1;
                for (int x = 0; x < n; x++) {
                    if (!chosen[x] && r-- == 0) {
                        action = x;
                        break;
                    }
                }
            } else {
                // Gumbel-max on the logits, as the ONNX runtime draws: the normaliser is one constant per state, which
                // changes no winner in exact arithmetic (in floating point only keys tied to rounding could differ).
                double[] logits = policy.logits(state);
                if (policyTemperature != 1.0) {
                    for (int x = 0; x < n; x++) {
                        logits[x] /= policyTemperature;
                    }
                }
                action = MaskedCategorical.draw(logits, chosen, draws.seed(), state.length);
            }
            chosen[action] = true;
            state = environment.step(state, action);
        }
        return state;
    }
}
