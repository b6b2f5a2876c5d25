package org.batchgfn.gflownet.policy;

/**
 * The part of the policy head that touches every (state, pool point, hidden unit) triple, the only term of a
 * training step that grows as {@code S·N·H}: {@code logit(x | s) = Σ_h v_h · relu(A[x,h] + G[s,h])} with the
 * split first layer {@code A = E W₁ + b} (per point) and {@code G = C W₂} (per state), and its gradient.
 * <p>
 * The loops are written for the JIT's auto-vectoriser: one contiguous row per inner loop, no branches (the ReLU
 * step function is {@code min(1, relu(z)·MAX_VALUE)}, exact for every normal {@code z}) and no scalar reductions.
 */
final class ReferenceSplitHeadKernel {

    private ReferenceSplitHeadKernel() {
    }

    /**
     * Unnormalised logits of every pool point for one state.
     *
     * @param projectionT {@code A} transposed: H rows of N
     * @param headOut     {@code v} (length H)
     * @param g           {@code G[s]} (length H)
     * @param out         length N, overwritten with the logits
     */
    static void logits(double[][] projectionT, double[] headOut, double[] g, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int j = 0; j < headOut.length; j++) {
            double v = headOut[j];
            double gj = g[j];
            double[] row = projectionT[j];
            for (int x = 0; x < out.length; x++) {
                out[x] += v * Math.max(0.0, row[x] + gj);
            }
        }
    }

    /**
     * Accumulates the gradient of {@code Σ_x δ[x]·logit(x | s)} for one state, before scaling by {@code v}: with
     * {@code z = A[x] + G[s]} and {@code m = δ[x]·1[z > 0]} it adds {@code m} to {@code ∂A[x]/v} and to
     * {@code ∂G[s]/v}, and {@code δ[x]·relu(z)} to {@code ∂v}.
     *
     * @param projection A, N rows of H
     * @param g          {@code G[s]}
     * @param delta      {@code δ} of this state (length N, 0 at chosen points)
     * @param dA         N×H accumulator of {@code ∂A/v}
     * @param dg         length-H accumulator of {@code ∂G[s]/v}
     * @param dV         length-H accumulator of {@code ∂v}
     */
    static void backward(double[][] projection, double[] g, double[] delta, double[][] dA, double[] dg,
                         double[] dV) {
        for (int x = 0; x < projection.length; x++) {
            double d = delta[x];
            if (d == 0) {
                continue;
            }
            double[] a = projection[x];
            double[] da = dA[x];
            for (int j = 0; j < a.length; j++) {
                double r = Math.max(0.0, a[j] + g[j]);
                double m = d * Math.min(1.0, r * Double.MAX_VALUE);
                da[j] += m;
                dg[j] += m;
                dV[j] += d * r;
            }
        }
    }
}
