package org.batchgfn.bench;

import org.batchgfn.bench.gflownet.AcquisitionTransfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@code transfer} experiment (paper Fig. 5/9, {@link TransferExperiment}), part of
 * {@link BenchConfig}. B = 3, the seed set of 17 and T = 0.1 are fixed by the experiment
 * ({@link org.batchgfn.bench.gflownet.AcquisitionTransfer}).
 *
 * @param poolSizes         round-1 pool sizes (every B-subset of round 2 is enumerated: at most 60)
 * @param seeds             toy-task seeds per pool size ({@code master seed + 0 .. seeds - 1}); one count for every
 *                          pool size, or one count per pool size
 * @param hiddenWidth       H of the policy networks
 * @param round1Steps       training steps of the round-1 policies (CONTINUE, LOOKAHEAD)
 * @param lookaheads        L, hallucinated acquisitions of lookahead training
 * @param stepsPerLookahead training steps on each hallucinated acquisition
 * @param steps             S, round-2 training steps after the acquisition
 * @param evalEvery         steps between exact evaluations (step 0, the zero-shot point, is always evaluated)
 */
public record TransferConfig(List<Integer> poolSizes, List<Integer> seeds, int hiddenWidth, int round1Steps,
                             int lookaheads, int stepsPerLookahead, int steps, int evalEvery) {

    /** Validates every value. */
    public TransferConfig {
        poolSizes = List.copyOf(poolSizes);
        seeds = List.copyOf(seeds);
        if (poolSizes.isEmpty()) {
            throw new IllegalArgumentException("at least one transfer pool size is needed");
        }
        for (int n : poolSizes) {
            AcquisitionTransfer.checkPoolSize(n);
        }
        if (seeds.size() != 1 && seeds.size() != poolSizes.size()) {
            throw new IllegalArgumentException("give one transfer seed count, or one per transfer pool size ("
                    + poolSizes.size() + "), got " + seeds.size());
        }
        for (int s : seeds) {
            BenchConfig.positive("transfer seeds", s);
        }
        BenchConfig.positive("transfer hidden width", hiddenWidth);
        BenchConfig.positive("transfer round-1 steps", round1Steps);
        BenchConfig.positive("transfer lookaheads", lookaheads);
        BenchConfig.positive("transfer steps per lookahead", stepsPerLookahead);
        BenchConfig.positive("transfer steps", steps);
        BenchConfig.positive("transfer evaluation interval", evalEvery);
    }

    /**
     * Reduced: pool 20 with seeds 0-2 and pool 50 with seed 0, H = 64, 2000 round-1 steps, L = 10 lookaheads of 200
     * steps, 3000 steps after the acquisition, evaluated every 100 (measured on the previous engine: 2.2 minutes on two
     * shared cores, against about 3 with seeds 0-4 of pool 20; two seeds fewer since the al experiment runs BatchGFN
     * in three carry-over modes, to keep the default bench under 10 minutes).
     *
     * @return the reduced settings
     */
    public static TransferConfig reduced() {
        return new TransferConfig(List.of(20, 50), List.of(3, 1), 64, 2000, 10, 200, 3000, 100);
    }

    /**
     * The paper's set-up (Table 1, Fig. 5/9): pools 20 and 50 with 5 seeds each, H = 256, 5000 round-1 steps,
     * L = 10 lookaheads of 200 steps, 5000 steps after the acquisition, evaluated every 100.
     *
     * @return the full settings
     */
    public static TransferConfig full() {
        return new TransferConfig(List.of(20, 50), List.of(5), 256, 5000, 10, 200, 5000, 100);
    }

    /**
     * @param poolIndex index into {@link #poolSizes}
     * @return the number of seeds of that pool size
     */
    public int seedsOf(int poolIndex) {
        return seeds.size() == 1 ? seeds.get(0) : seeds.get(poolIndex);
    }

    /** @return the round-2 evaluation steps, 0, evalEvery, ..., S (S included) */
    public List<Integer> evaluationSteps() {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < steps; s += evalEvery) {
            out.add(s);
        }
        out.add(steps);
        return out;
    }

    /** @param m where to add the {@code transfer_*} settings, in order */
    void describe(Map<String, String> m) {
        m.put("transfer_pool_sizes", join(poolSizes));
        m.put("transfer_seeds", join(seeds));
        m.put("transfer_hidden_width", Integer.toString(hiddenWidth));
        m.put("transfer_round1_steps", Integer.toString(round1Steps));
        m.put("transfer_lookaheads", Integer.toString(lookaheads));
        m.put("transfer_steps_per_lookahead", Integer.toString(stepsPerLookahead));
        m.put("transfer_steps", Integer.toString(steps));
        m.put("transfer_eval_every", Integer.toString(evalEvery));
    }

    private static String join(List<Integer> values) {
        List<String> s = new ArrayList<>();
        for (int v : values) {
            s.add(Integer.toString(v));
        }
        return String.join(" ", s);
    }
}
