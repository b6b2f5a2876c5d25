package org.batchgfn.gflownet.train;

/**
 * The floating-point cost of one BatchGFN training step (method notes §6), counting a multiply-add as 2 flops.
 * With N pool points, d input dims, H width, L encoder layers, B batch size, T_b trajectories and S = T_b·B
 * non-terminal states:
 * <pre>
 *   encoder + point projection (once per pass):   P = 2·N·(d·H + (L−1)·H² + H²)
 *   sampling, no gradient (per state):            2·H² + 3·N·H       (W₂c_S, then add, relu, dot per point)
 *   training pass, forward:                        P + 2·S·N·H (context c = M·E as a dense product)
 *                                                  + 2·S·H² (W₂c) + 4·S·N·H (broadcast add, relu, dot)
 *                                                  + 2·S·(H² + H) (flow head) + 5·S·N (mask, log-softmax, pick)
 *   training pass, backward:                       2 × forward
 *   total per step = (P + S·(2H² + 3NH)) + 3 · forward
 * </pre>
 * Compared with the naïve ≈ {@code 2·S·N·(dH + (L+1)H²)} forward flops of running the whole network on the pool
 * at each state, the split removes the {@code S·N·H²} term.
 */
public final class StepCost {

    private StepCost() {
    }

    /**
     * @param n  pool size N
     * @param d  input dimension
     * @param h  hidden width H
     * @param layers encoder layers L
     * @param b  batch size B
     * @param tb trajectories per step T_b
     * @return floating-point operations of one training step (sampling + forward + backward)
     */
    public static double flopsPerStep(int n, int d, int h, int layers, int b, int tb) {
        double s = (double) tb * b;
        double encoder = 2.0 * n * ((double) d * h + (layers - 1.0) * h * h + (double) h * h);
        double sampling = encoder + s * (2.0 * h * h + 3.0 * n * h);
        double forward = encoder + 2.0 * s * n * h + 2.0 * s * h * h + 4.0 * s * n * h + 2.0 * s * (h * h + h)
                + 5.0 * s * n;
        return sampling + 3.0 * forward;
    }
}
