package org.batchgfn.gflownet;

import org.batchgfn.gflownet.train.StepCost;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The step cost model against hand counts of its documented terms. */
class StepCostTest {

    /**
     * N = 2, d = 1, H = 1, L = 1, B = 1, T_b = 1 (one state): encoding 2·2·1 + 2·2·1 = 8, sampling 2 + 3·2 = 8,
     * forward 4 + 3·2 + 5·2 = 20, backward 6·2 + 8 + 4·2 + 0 + 2·2·1·1 = 32: 68 flops.
     */
    @Test
    void smallestStepByHand() {
        assertEquals(68.0, StepCost.flopsPerStep(2, 1, 1, 1, 1, 1), 0.0);
    }

    /**
     * Replayed trajectories are not sampled but go through the pass: each adds B states of forward
     * (4H² + 3NH + 5N) and backward (6NH + 8H²) work and nothing else.
     */
    @Test
    void replayedTrajectoriesAddPassWorkOnly() {
        int n = 2000;
        int d = 32;
        int h = 64;
        int b = 10;
        double perState = 4.0 * h * h + 3.0 * n * h + 5.0 * n + 6.0 * n * h + 8.0 * h * h;
        double onPolicy = StepCost.flopsPerStep(n, d, h, 2, b, 8);
        assertEquals(onPolicy, StepCost.flopsPerStep(n, d, h, 2, b, 8, 0), 0.0);
        assertEquals(onPolicy + 2 * b * perState, StepCost.flopsPerStep(n, d, h, 2, b, 8, 2), 1e-6 * onPolicy);
    }
}
