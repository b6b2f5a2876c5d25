package org.batchgfn.gflownet.train;

/**
 * The floating-point cost of one BatchGFN training step as implemented (method notes §6), counting a multiply-add
 * as 2 flops. With N pool points, d input dims, H width, L encoder layers, B batch size, T_b trajectories and
 * S = T_b·B non-terminal states:
 * <pre>
 *   pool encoding + point projection A = E W₁ + b (once per step, shared by sampling and training):
 *                                          2·N·(d·H + (L−1)·H²) + 2·N·H²
 *   sampling, per state:                   2·H² (W₂c_S) + 3·N·H (add, relu, dot per point)
 *   training forward over all S states:    S·(4·H² + 3·N·H + 5·N)   (W₂c and the flow layer; head; softmax)
 *   backward:                              6·S·N·H (head: ∂A, ∂G, ∂v per state, point and unit)
 *                                          + 8·S·H² (∂W₂, ∂C, ∂U, ∂C from the flow head)
 *                                          + 4·N·H² (∂W₁, ∂E) + 4·(L−1)·N·H² + 2·N·d·H (encoder)
 * </pre>
 * The float32 engine also writes {@code A} transposed for its logits, a second {@code 2·N·H²} product not counted here
 * (the count is the algorithm's, so engines compare by it).
 * <p>
 * The naïve cost, running the whole network over the pool at every state, is ≈ {@code 2·S·N·(dH + (L+1)H²)}
 * forward alone: the split head and the once-per-step encoding remove the {@code S·N·H²} term, leaving
 * {@code S·N·H} as the only term that grows with both pool and states.
 */
public final class StepCost {

    private StepCost() {
    }

    /**
     * @param n  pool size N
     * @param d  width of the encoder input: the input dimension d, or 2m with Fourier input features
     * @param h  hidden width H
     * @param layers encoder layers L
     * @param b  batch size B
     * @param tb trajectories per step T_b
     * @return floating-point operations of one training step (sampling + forward + backward)
     */
    public static double flopsPerStep(int n, int d, int h, int layers, int b, int tb) {
        return flopsPerStep(n, d, h, layers, b, tb, 0);
    }

    /**
     * The cost of a step whose pass also covers {@code replayed} off-policy trajectories
     * ({@link TrainerSettings#replayTrajectories()}): they are not sampled, but the forward and backward pass run over
     * {@code S = (T_b + replayed)·B} states.
     *
     * @param n        pool size N
     * @param d        width of the encoder input
     * @param h        hidden width H
     * @param layers   encoder layers L
     * @param b        batch size B
     * @param tb       on-policy trajectories per step T_b
     * @param replayed replayed trajectories per step, ≥ 0
     * @return floating-point operations of one training step (sampling + forward + backward)
     */
    public static double flopsPerStep(int n, int d, int h, int layers, int b, int tb, int replayed) {
        double sampled = (double) tb * b;
        double s = (double) (tb + replayed) * b;
        double hh = (double) h * h;
        double nh = (double) n * h;
        double encoding = 2.0 * n * ((double) d * h + (layers - 1.0) * hh) + 2.0 * n * hh;
        double sampling = sampled * (2.0 * hh + 3.0 * nh);
        double forward = s * (4.0 * hh + 3.0 * nh + 5.0 * n);
        double backward = 6.0 * s * nh + 8.0 * s * hh + 4.0 * n * hh + 4.0 * (layers - 1.0) * n * hh
                + 2.0 * n * d * h;
        return encoding + sampling + forward + backward;
    }
}
