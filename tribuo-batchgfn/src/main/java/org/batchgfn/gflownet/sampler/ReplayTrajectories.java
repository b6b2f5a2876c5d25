package org.batchgfn.gflownet.sampler;

import org.batchgfn.gflownet.env.Trajectory;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.reward.BatchReward;
import org.batchgfn.reward.JointMutualInformation;
import org.batchgfn.reward.MarginalGains;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Off-policy replay of good batches as extra training trajectories. Each training step's on-policy trajectories
 * are extended by {@code perStep} trajectories built from remembered batches: the greedy BatchBALD batch (when the
 * reward is the JMI; computed once by rank-1 updates, {@link MarginalGains}) and the best distinct batches the
 * on-policy trajectories have reached so far (at most {@code capacity}), each replayed in a fresh random order, so
 * that every order of a good set is trained, not only the one it was found in. SubTB is valid off-policy (paper
 * §3.1): the loss scores the policy's own log-probabilities of whatever trajectory it is given, so replay changes
 * which states are trained on, not what the policy is asked to learn. At a low reward temperature the sampled
 * trajectories concentrate on one batch early, and a better set next to it is seldom sampled; replay keeps the
 * best known sets in the training data, so the policy's probability of them grows instead of decaying.
 * <p>
 * Mutable (the memory of best batches) and not thread-safe; one instance per training run.
 */
public final class ReplayTrajectories {

    private final BatchReward reward;
    private final FlowBaseline baseline;
    private final int perStep;
    private final int capacity;
    private final SplittableRandom rng;
    private final List<int[]> guides = new ArrayList<>();
    /** The guides as sorted sets, for the duplicate check of {@link #remember}. */
    private final List<int[]> guideSets = new ArrayList<>();
    /** Best distinct batches seen, sorted ascending (as sets), with their JMI; best first. */
    private final List<Remembered> best = new ArrayList<>();

    private record Remembered(int[] sortedSet, int[] actions, double value) {
    }

    /**
     * @param reward   the batch reward
     * @param baseline the log-flow baseline attached to the replayed trajectories (as the sampler attaches it)
     * @param perStep  replayed trajectories appended to each step's batch, ≥ 1
     * @param capacity number of best sampled batches remembered, ≥ 0
     * @param rng      the source of the replayed batches' choice and orders
     * @throws IllegalArgumentException for perStep &lt; 1 or capacity &lt; 0
     */
    public ReplayTrajectories(BatchReward reward, FlowBaseline baseline, int perStep, int capacity,
                              SplittableRandom rng) {
        if (perStep < 1) {
            throw new IllegalArgumentException("replayed trajectories per step must be >= 1, got " + perStep);
        }
        if (capacity < 0) {
            throw new IllegalArgumentException("replay capacity must be >= 0, got " + capacity);
        }
        this.reward = reward;
        this.baseline = baseline;
        this.perStep = perStep;
        this.capacity = capacity;
        this.rng = rng;
    }

    /**
     * Replay that also holds greedy BatchBALD's batch of size {@code b} when the reward is the JMI.
     *
     * @param reward   the batch reward
     * @param b        the batch size
     * @param baseline the log-flow baseline
     * @param perStep  replayed trajectories per step, ≥ 1
     * @param capacity number of best sampled batches remembered
     * @param rng      random source
     * @return the replay
     */
    public static ReplayTrajectories withGreedyGuide(BatchReward reward, int b, FlowBaseline baseline, int perStep,
                                                     int capacity, SplittableRandom rng) {
        ReplayTrajectories replay = new ReplayTrajectories(reward, baseline, perStep, capacity, rng);
        if (reward instanceof JointMutualInformation jmi) {
            MarginalGains gains = jmi.marginalGains();
            for (int k = 0; k < b; k++) {
                gains.add(gains.best());
            }
            replay.addGuide(gains.selected());
        }
        return replay;
    }

    /**
     * Adds a batch replayed for the whole run (not subject to the capacity).
     *
     * @param batch B distinct pool indices
     */
    public void addGuide(int[] batch) {
        guides.add(batch.clone());
        int[] set = batch.clone();
        Arrays.sort(set);
        guideSets.add(set);
    }

    /** @return the guide batches, in the order added (copies) */
    public List<int[]> guides() {
        List<int[]> out = new ArrayList<>();
        for (int[] g : guides) {
            out.add(g.clone());
        }
        return out;
    }

    /** @return the remembered best sampled batches in their sampled order, best first (copies) */
    public List<int[]> remembered() {
        List<int[]> out = new ArrayList<>();
        for (Remembered r : best) {
            out.add(r.actions().clone());
        }
        return out;
    }

    /**
     * Remembers the best of the sampled trajectories and returns them followed by {@code perStep} replayed ones.
     *
     * @param sampled this step's on-policy trajectories
     * @return a new list: {@code sampled}, then the replayed trajectories (none if nothing is remembered yet)
     */
    public List<Trajectory> extend(List<Trajectory> sampled) {
        for (Trajectory t : sampled) {
            remember(t.actions(), t.terminalJmi());
        }
        int sources = guides.size() + best.size();
        List<Trajectory> out = new ArrayList<>(sampled.size() + perStep);
        out.addAll(sampled);
        if (sources == 0) {
            return out;
        }
        for (int r = 0; r < perStep; r++) {
            int i = rng.nextInt(sources);
            int[] batch = (i < guides.size() ? guides.get(i) : best.get(i - guides.size()).actions()).clone();
            for (int k = batch.length - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1);
                int t = batch[k];
                batch[k] = batch[j];
                batch[j] = t;
            }
            out.add(new Trajectory(batch, reward.prefixValues(batch), baseline.remainingValues(reward, batch)));
        }
        return out;
    }

    private void remember(int[] actions, double value) {
        if (capacity == 0 || (best.size() == capacity && value <= best.get(best.size() - 1).value())) {
            return;
        }
        int[] sorted = actions.clone();
        Arrays.sort(sorted);
        for (int[] g : guideSets) {
            if (Arrays.equals(g, sorted)) {
                return;
            }
        }
        for (Remembered r : best) {
            if (Arrays.equals(r.sortedSet(), sorted)) {
                return;
            }
        }
        best.add(new Remembered(sorted, actions.clone(), value));
        best.sort(Comparator.comparingDouble(Remembered::value).reversed());
        if (best.size() > capacity) {
            best.remove(best.size() - 1);
        }
    }
}
