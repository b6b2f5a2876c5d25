package org.batchgfn.bench;

import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.AcquisitionStrategy;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Wraps a strategy so an interrupted active-learning trajectory can be resumed exactly: rounds whose chosen pool
 * rows are already recorded are replayed (those rows are returned without asking the strategy), and every other
 * round asks the strategy with a random source derived only from (trajectory seed, round), not from what ran
 * before. A resumed run therefore makes the same choices as an uninterrupted one.
 * <p>
 * A strategy that carries state between rounds (BatchGFN's CONTINUE and LOOKAHEAD modes hold their policy) cannot
 * skip a round: its later rounds start from what the earlier ones trained. For it ({@code recompute}) every recorded
 * round is computed again from the seed set with the same random sources, and the result must equal the recorded
 * rows (training is deterministic for a seed, whatever the thread count); a difference stops the run with a
 * message, since continuing would mix two trajectories.
 * <p>
 * It follows the loop's contract: a strategy sees the unlabelled pool rows in increasing order, so it keeps its own
 * sorted list of unlabelled rows to translate between pool rows and sub-pool positions. One instance per
 * trajectory (mutable).
 */
final class ReplayingStrategy implements AcquisitionStrategy {

    private final AcquisitionStrategy delegate;
    private final Map<Integer, int[]> recorded;
    private final long trajectorySeed;
    private final boolean recompute;
    private int[] unlabelled;
    private int round = 1;
    private boolean lastReplayed;

    /**
     * @param delegate       the real strategy
     * @param recorded       pool rows chosen in already recorded rounds (round ≥ 1 → rows)
     * @param poolSize       number of pool rows
     * @param seedRows       the seed set (labelled before round 1)
     * @param trajectorySeed seed of this trajectory's per-round random sources
     * @param recompute      whether recorded rounds are computed again and checked (a strategy that carries state)
     *                       rather than replayed
     */
    ReplayingStrategy(AcquisitionStrategy delegate, Map<Integer, int[]> recorded, int poolSize, int[] seedRows,
                      long trajectorySeed, boolean recompute) {
        this.delegate = delegate;
        this.recorded = Map.copyOf(recorded);
        this.trajectorySeed = trajectorySeed;
        this.recompute = recompute;
        boolean[] labelled = new boolean[poolSize];
        for (int r : seedRows) {
            labelled[r] = true;
        }
        this.unlabelled = java.util.stream.IntStream.range(0, poolSize).filter(i -> !labelled[i]).toArray();
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom ignored) {
        if (problem.poolSize() != unlabelled.length) {
            throw new IllegalStateException("round " + round + ": the loop offers " + problem.poolSize()
                    + " unlabelled points but " + unlabelled.length + " are expected");
        }
        int[] local;
        int[] rows;
        int[] replay = recorded.get(round);
        lastReplayed = replay != null && !recompute;
        if (replay != null && !recompute) {
            if (replay.length != batchSize) {
                throw new IllegalStateException("recorded round " + round + " chose " + replay.length
                        + " rows but the loop asks for " + batchSize + "; the results do not match this configuration");
            }
            rows = replay.clone();
            local = new int[rows.length];
            for (int k = 0; k < rows.length; k++) {
                local[k] = Arrays.binarySearch(unlabelled, rows[k]);
                if (local[k] < 0) {
                    throw new IllegalStateException("recorded round " + round + " chose pool row " + rows[k]
                            + " which is not unlabelled at that point; the results file is inconsistent");
                }
            }
        } else {
            local = delegate.select(problem, batchSize, roundRandom(trajectorySeed, round));
            rows = new int[local.length];
            for (int k = 0; k < local.length; k++) {
                rows[k] = unlabelled[local[k]];
            }
            if (replay != null && !Arrays.equals(replay, rows)) {
                throw new IllegalStateException("resuming " + delegate.name() + ": round " + round
                        + " recomputed from the seed set chose pool rows " + Arrays.toString(rows) + " but the results "
                        + "file records " + Arrays.toString(replay) + "; this strategy carries its policy between "
                        + "rounds, so a resumed trajectory is recomputed and must match. The recorded rounds came from "
                        + "another build or machine: delete this trajectory's rows or start a new --run");
            }
        }
        boolean[] chosen = new boolean[unlabelled.length];
        for (int l : local) {
            chosen[l] = true;
        }
        int[] next = new int[unlabelled.length - local.length];
        int j = 0;
        for (int i = 0; i < unlabelled.length; i++) {
            if (!chosen[i]) {
                next[j++] = unlabelled[i];
            }
        }
        unlabelled = next;
        round++;
        return local;
    }

    /** @return whether the most recent round was replayed rather than computed */
    boolean lastReplayed() {
        return lastReplayed;
    }

    /**
     * @param trajectorySeed the trajectory's seed
     * @param round          the round
     * @return the round's random source
     */
    static SplittableRandom roundRandom(long trajectorySeed, int round) {
        return new SplittableRandom(trajectorySeed * 1_000_003L + round * 7_919L);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return delegate.getProvenance();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
