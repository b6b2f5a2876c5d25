package org.batchgfn.reward;

import org.batchgfn.gp.PosteriorCovariance;

import java.util.Arrays;

/**
 * The JMI of a growing partial batch S and the marginal gain of every pool point,
 * {@code Δ(x | S) = ½ log(1 + σ⁻² Σ(x, x | D ∪ S))}, kept current by rank-1 updates.
 * <p>
 * The state is one {@link GainBlock} over the whole pool (ids = pool indices), the kernel a distributed greedy
 * search runs per partition. After S = (s₁..sₖ) it holds vectors
 * {@code uⱼ = Σ(·, sⱼ | s₁..sⱼ₋₁) / sqrt(σ² + Σ(sⱼ, sⱼ | s₁..sⱼ₋₁))}, the columns of a Cholesky factor of the
 * noisy batch covariance extended to the whole pool, so
 * {@code Σ(x, x | S) = Σ(x, x) − Σⱼ uⱼ(x)²}. Adding a point costs one covariance column (O(N·M) for the exact GP)
 * plus O(N·|S|); never a log-determinant per candidate. The gains of the chosen points, in order, sum to the JMI
 * of the batch.
 * <p>
 * Mutable and not thread-safe: one instance per batch under construction ({@link #copy()} to branch).
 */
public final class MarginalGains {

    private final double noiseVariance;
    private final GainBlock block;
    private int[] selected;
    private double value;

    MarginalGains(PosteriorCovariance covariance, double noiseVariance) {
        this.noiseVariance = noiseVariance;
        int n = covariance.size();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        this.block = new GainBlock(ids, covariance, noiseVariance);
        this.selected = new int[0];
        this.value = 0.0;
    }

    private MarginalGains(MarginalGains other) {
        this.noiseVariance = other.noiseVariance;
        this.block = other.block.copy();
        this.selected = other.selected.clone();
        this.value = other.value;
    }

    /** @return an independent copy of this state */
    public MarginalGains copy() {
        return new MarginalGains(this);
    }

    /** @return the pool size N */
    public int poolSize() {
        return block.size();
    }

    /** @return the chosen pool indices in the order they were added */
    public int[] selected() {
        return selected.clone();
    }

    /** @return the number of chosen points */
    public int selectedCount() {
        return selected.length;
    }

    /**
     * @param i pool index
     * @return whether {@code i} is already in the batch
     */
    public boolean isSelected(int i) {
        return block.isChosen(i);
    }

    /** @return the JMI of the chosen points, in nats */
    public double value() {
        return value;
    }

    /**
     * @param i pool index
     * @return {@code Σ(i, i | D ∪ S)}, the posterior variance conditioned on noisy labels at the chosen points
     */
    public double conditionalVariance(int i) {
        return block.conditionalVariance(i);
    }

    /**
     * @param i pool index
     * @return the marginal gain {@code JMI(S ∪ {i}) − JMI(S)} in nats (for a chosen i, the gain of a second,
     *         independent noisy label at i)
     */
    public double gain(int i) {
        return block.gain(i);
    }

    /**
     * Writes the gains of all pool points into {@code out}.
     *
     * @param out array of length {@link #poolSize()}
     */
    public void gains(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = block.gain(i);
        }
    }

    /**
     * The greedy choice: the unchosen point of largest gain, ties to the lower index ({@link GainBlock#best}).
     *
     * @return its pool index, or −1 if every point is chosen
     */
    public int best() {
        return block.best();
    }

    /**
     * Adds a pool point to the batch, updating every conditional variance by a rank-1 downdate
     * ({@link GainBlock#choose} on the one block that is the whole pool).
     *
     * @param s pool index, not yet chosen
     * @throws IllegalArgumentException if {@code s} is out of range or already chosen
     */
    public void add(int s) {
        int n = block.size();
        if (s < 0 || s >= n) {
            throw new IllegalArgumentException("pool index " + s + " is outside [0, " + n + ")");
        }
        if (block.isChosen(s)) {
            throw new IllegalArgumentException("pool index " + s + " is already in the batch");
        }
        double varS = block.conditionalVariance(s);
        value += 0.5 * Math.log1p(varS / noiseVariance);
        block.choose(null, -1, s, varS, block.factorsAt(s));
        selected = Arrays.copyOf(selected, selected.length + 1);
        selected[selected.length - 1] = s;
    }
}
