package org.batchgfn.gflownet.policy;

/**
 * A frozen copy of a {@link PolicyNetwork}'s forward policy and learned log-flow, evaluated in plain double
 * arithmetic without building any graph. The pool embeddings {@code e_x} and the head's point projection
 * {@code W₁ e_x + b} are precomputed, so a state costs one H×H product ({@code W₂ c_S}) plus {@code 3·N·H}
 * flops for the per-point head. Immutable and thread-safe.
 */
public final class PolicySnapshot implements ForwardPolicy {

    private final double[][] embeddings;
    /** {@code W₁ e_x + b}, transposed (H rows of N), so the per-state loop runs over contiguous pool points. */
    private final double[][] pointProjectionT;
    private final double[][] stateWeights;
    private final double[] headOut;
    private final double[][] flowWeights;
    private final double[] flowBias;
    private final double[] flowOut;
    private final double flowOutBias;
    private final int width;

    PolicySnapshot(double[][] embeddings, double[][] pointProjectionT, double[][] stateWeights, double[] headOut,
                   double[][] flowWeights, double[] flowBias, double[] flowOut, double flowOutBias) {
        this.embeddings = embeddings;
        this.pointProjectionT = pointProjectionT;
        this.stateWeights = stateWeights;
        this.headOut = headOut;
        this.flowWeights = flowWeights;
        this.flowBias = flowBias;
        this.flowOut = flowOut;
        this.flowOutBias = flowOutBias;
        this.width = headOut.length;
    }

    @Override
    public int poolSize() {
        return embeddings.length;
    }

    private double[] context(int[] state) {
        double[] c = new double[width];
        for (int x : state) {
            if (x < 0 || x >= embeddings.length) {
                throw new IllegalArgumentException("state index " + x + " is outside the pool [0, "
                        + embeddings.length + ")");
            }
            double[] ex = embeddings[x];
            for (int h = 0; h < width; h++) {
                c[h] += ex[h];
            }
        }
        return c;
    }

    private static double[] times(double[] row, double[][] m) {
        double[] out = new double[m[0].length];
        for (int i = 0; i < row.length; i++) {
            double r = row[i];
            if (r == 0) {
                continue;
            }
            double[] mi = m[i];
            for (int j = 0; j < out.length; j++) {
                out[j] += r * mi[j];
            }
        }
        return out;
    }

    /**
     * @param state the chosen pool indices (distinct)
     * @return the unnormalised logits of every pool point, {@code −∞} at chosen points
     */
    public double[] logits(int[] state) {
        double[] g = times(context(state), stateWeights);
        int n = embeddings.length;
        double[] out = new double[n];
        SplitHeadKernel.logits(pointProjectionT, headOut, g, out);
        for (int x : state) {
            if (out[x] == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("state contains pool index " + x + " more than once");
            }
            out[x] = Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    @Override
    public double[] logProbabilities(int[] state) {
        if (state.length >= embeddings.length) {
            throw new IllegalArgumentException("state of size " + state.length + " leaves no pool point to add");
        }
        double[] l = logits(state);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : l) {
            sum += Math.exp(v - max);
        }
        double lse = max + Math.log(sum);
        for (int x = 0; x < l.length; x++) {
            l[x] -= lse;
        }
        return l;
    }

    /**
     * @param state the chosen pool indices of a non-terminal state
     * @return the learned residual log-flow {@code log F̃(state)}; the full flow adds {@code JMI(state)/T}
     */
    public double logFlowTilde(int[] state) {
        double[] hdn = times(context(state), flowWeights);
        double s = flowOutBias;
        for (int h = 0; h < width; h++) {
            double z = hdn[h] + flowBias[h];
            if (z > 0) {
                s += flowOut[h] * z;
            }
        }
        return s;
    }
}
