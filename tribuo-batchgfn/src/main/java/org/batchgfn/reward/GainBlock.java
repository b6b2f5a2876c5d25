package org.batchgfn.reward;

import org.batchgfn.gp.PosteriorCovariance;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy BatchBALD's kernel over one block of pool points: the conditional variances
 * {@code Σ(x, x | D ∪ S)} of the block's points, kept current by one rank-1 downdate per chosen point. The
 * single-machine path ({@link MarginalGains}, {@code GreedyBatchBald}) holds the whole pool as one block; a
 * distributed path holds one block per partition and runs the same three operations on each: set up the block,
 * find its local best ({@link #best}), update it after a global choice ({@link #choose}). Because every operation
 * is per point and the chosen point is described by its own numbers (its covariance with the block, its
 * conditional variance, its entries of the earlier factor columns), a point's values are the same bit for bit
 * whichever block holds it, and the winner of a step does not depend on the partitioning.
 * <p>
 * After S = (s₁..sₖ) the block holds {@code uⱼ(x) = Σ(x, sⱼ | D, s₁..sⱼ₋₁) / sqrt(σ² + Σ(sⱼ, sⱼ | D, s₁..sⱼ₋₁))}
 * for its points x, the columns of a Cholesky factor of the noisy batch covariance, so that
 * {@code Σ(x, x | D ∪ S) = Σ(x, x | D) − Σⱼ uⱼ(x)²}. A choice costs one covariance column over the block
 * (O(n·M) for the exact GP) plus O(n·|S|). Points are identified by ids (global pool indices); ties between equal
 * variances go to the lower id. Mutable and not thread-safe ({@link #copy()} to branch).
 */
public final class GainBlock {

    private final long[] ids;
    private final PosteriorCovariance covariance;
    private final double noiseVariance;
    private final double[] conditionalVariance;
    private final List<double[]> factorColumns;
    private final boolean[] chosen;

    /**
     * Sets up a block with nothing chosen.
     *
     * @param ids           the block's point ids, distinct, indexed like {@code covariance}
     * @param covariance    the posterior covariance {@code Σ(·, · | D)} over the block's points
     * @param noiseVariance σ² in the units of {@code covariance}
     * @throws IllegalArgumentException if the sizes differ
     */
    public GainBlock(long[] ids, PosteriorCovariance covariance, double noiseVariance) {
        if (ids.length != covariance.size()) {
            throw new IllegalArgumentException(ids.length + " ids for a covariance over " + covariance.size()
                    + " points");
        }
        this.ids = ids.clone();
        this.covariance = covariance;
        this.noiseVariance = noiseVariance;
        int n = ids.length;
        this.conditionalVariance = new double[n];
        for (int i = 0; i < n; i++) {
            conditionalVariance[i] = Math.max(0.0, covariance.variance(i));
        }
        this.factorColumns = new ArrayList<>();
        this.chosen = new boolean[n];
    }

    private GainBlock(GainBlock other) {
        this.ids = other.ids;
        this.covariance = other.covariance;
        this.noiseVariance = other.noiseVariance;
        this.conditionalVariance = other.conditionalVariance.clone();
        this.factorColumns = new ArrayList<>(other.factorColumns); // columns are never mutated after creation
        this.chosen = other.chosen.clone();
    }

    /** @return an independent copy of this state */
    public GainBlock copy() {
        return new GainBlock(this);
    }

    /** @return the number of points n in the block */
    public int size() {
        return ids.length;
    }

    /**
     * @param local a block row
     * @return its id
     */
    public long id(int local) {
        return ids[local];
    }

    /**
     * @param id a point id
     * @return its block row, or −1 if the block does not hold it
     */
    public int localIndexOf(long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** @return the number of choices applied so far (|S|) */
    public int choiceCount() {
        return factorColumns.size();
    }

    /**
     * @param local a block row
     * @return whether it has been chosen
     */
    public boolean isChosen(int local) {
        return chosen[local];
    }

    /**
     * @param local a block row
     * @return {@code Σ(x, x | D ∪ S)}, conditioned on noisy labels at the chosen points
     */
    public double conditionalVariance(int local) {
        return conditionalVariance[local];
    }

    /**
     * @param local a block row
     * @return the marginal gain {@code ½ log(1 + σ⁻² Σ(x, x | D ∪ S))} in nats
     */
    public double gain(int local) {
        return 0.5 * Math.log1p(conditionalVariance[local] / noiseVariance);
    }

    /**
     * The block's candidate for the next greedy step: the unchosen point of largest conditional variance (the gain
     * is increasing in it, so no logarithms are taken), ties to the lower id.
     *
     * @return its block row, or −1 if every point of the block is chosen
     */
    public int best() {
        int best = -1;
        double bestVariance = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ids.length; i++) {
            if (!chosen[i]) {
                double v = conditionalVariance[i];
                if (best < 0 || precedes(v, ids[i], bestVariance, ids[best])) {
                    bestVariance = v;
                    best = i;
                }
            }
        }
        return best;
    }

    /**
     * The order of greedy candidates across blocks: a larger conditional variance wins, an equal one goes to the
     * lower id.
     *
     * @param variance one candidate's conditional variance
     * @param id       its id
     * @param other    another candidate's conditional variance
     * @param otherId  its id
     * @return whether the first candidate beats the second
     */
    public static boolean precedes(double variance, long id, double other, long otherId) {
        return variance > other || (variance == other && id < otherId);
    }

    /**
     * @param local a block row
     * @return its entries {@code uⱼ(x)} of the factor columns so far, j = 1..|S| (what the other blocks need to
     *         update after this point is chosen)
     */
    public double[] factorsAt(int local) {
        double[] out = new double[factorColumns.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = factorColumns.get(j)[local];
        }
        return out;
    }

    /**
     * Applies a global choice: the rank-1 downdate of every conditional variance of the block.
     *
     * @param chosenSet      for a point held by another block, a covariance over the same posterior holding it
     *                       (for the exact GP, one over the chosen point's features); ignored, may be null, when
     *                       this block holds the point (its own column is used)
     * @param chosenRow      the chosen point's row in {@code chosenSet}
     * @param chosenId       its id
     * @param chosenVariance its conditional variance {@code Σ(s, s | D ∪ S)} before this choice
     * @param chosenFactors  its factor entries {@link #factorsAt} before this choice, one per earlier choice
     * @throws IllegalArgumentException if the factors do not match the number of earlier choices, or the block holds
     *                                  the point and it is already chosen
     */
    public void choose(PosteriorCovariance chosenSet, int chosenRow, long chosenId, double chosenVariance,
                       double[] chosenFactors) {
        if (chosenFactors.length != factorColumns.size()) {
            throw new IllegalArgumentException("the chosen point has " + chosenFactors.length
                    + " factor entries but " + factorColumns.size() + " choices were applied to this block");
        }
        int n = ids.length;
        int own = localIndexOf(chosenId);
        if (own >= 0 && chosen[own]) {
            throw new IllegalArgumentException("pool point " + chosenId + " is already in the batch");
        }
        double[] column = new double[n];
        if (own >= 0) {
            covariance.column(own, column);
        } else if (chosenSet == null) {
            throw new IllegalArgumentException("pool point " + chosenId + " is not in this block, so its covariance"
                    + " set is needed");
        } else {
            covariance.crossColumn(chosenSet, chosenRow, column);
        }
        for (int j = 0; j < chosenFactors.length; j++) {
            double us = chosenFactors[j];
            if (us != 0.0) {
                double[] u = factorColumns.get(j);
                for (int x = 0; x < n; x++) {
                    column[x] -= u[x] * us;
                }
            }
        }
        double scale = 1.0 / Math.sqrt(noiseVariance + chosenVariance);
        for (int x = 0; x < n; x++) {
            double ux = column[x] * scale;
            column[x] = ux;
            double v = conditionalVariance[x] - ux * ux;
            conditionalVariance[x] = v > 0 ? v : 0.0;
        }
        factorColumns.add(column);
        if (own >= 0) {
            chosen[own] = true;
        }
    }
}
