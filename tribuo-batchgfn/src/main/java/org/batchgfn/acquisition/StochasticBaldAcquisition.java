package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.SplittableRandom;

/**
 * Stochastic BALD (Kirsch et al. 2021, "Stochastic batch acquisition"): B distinct pool points sampled without
 * replacement with probability proportional to a weight of the BALD score.
 * <p>
 * The score sampled on is the BALD score of the exact GP, {@code s(x) = ½ log(1 + σ⁻² Σ(x, x))}
 * ({@link org.batchgfn.reward.JointMutualInformation#singlePointValues()}), which is ≥ 0, so the power variant is
 * defined. With coldness β ≥ 0 the weights are
 * <ul>
 *     <li>{@link Variant#SOFTMAX}: {@code w ∝ exp(β·s)};</li>
 *     <li>{@link Variant#POWER}: {@code w ∝ s^β} (points with s = 0 get weight 0);</li>
 *     <li>{@link Variant#SOFTRANK}: {@code w ∝ rank^(−β)}, rank 1 the highest score (ties in score ranked by the
 *     lower pool index).</li>
 * </ul>
 * Sampling uses the Gumbel-top-k trick in one pass: each point gets the key {@code log w + G}, G standard Gumbel,
 * and the B largest keys, in descending order, are a draw of B successive samples without replacement (the first
 * pick has probability exactly {@code w / Σw}). Points of weight zero are only chosen when fewer than B points
 * have positive weight, uniformly at random among themselves. β = 0 is uniform random sampling; large β
 * approaches BALD's top-B.
 */
public final class StochasticBaldAcquisition implements AcquisitionStrategy {

    /** The name used on the command line and in results. */
    public static final String NAME = "stochastic-bald";

    /** How the BALD score is turned into a sampling weight. */
    public enum Variant {
        /** {@code w ∝ exp(β·s)}. */
        SOFTMAX,
        /** {@code w ∝ s^β}. */
        POWER,
        /** {@code w ∝ rank^(−β)}, rank 1 the best score. */
        SOFTRANK
    }

    @Config(description = "How the BALD score s becomes a sampling weight: SOFTMAX exp(beta*s), POWER s^beta "
            + "or SOFTRANK rank^(-beta).")
    private Variant variant = Variant.SOFTMAX;

    @Config(description = "Coldness beta >= 0 of the sampling distribution; 0 is uniform, large values approach "
            + "BALD's top-B.")
    private double coldness = 1.0;

    /** For olcut configuration. */
    private StochasticBaldAcquisition() {
    }

    /**
     * @param variant  how the score becomes a weight
     * @param coldness β, finite and ≥ 0
     * @throws IllegalArgumentException for a null variant or a negative or non-finite β
     */
    public StochasticBaldAcquisition(Variant variant, double coldness) {
        this.variant = variant;
        this.coldness = coldness;
        postConfig();
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException for a null variant or a negative or non-finite β
     */
    @Override
    public void postConfig() {
        if (variant == null) {
            throw new IllegalArgumentException("stochastic BALD variant must be one of SOFTMAX, POWER, SOFTRANK");
        }
        if (!(coldness >= 0) || !Double.isFinite(coldness)) {
            throw new IllegalArgumentException("stochastic BALD coldness beta must be finite and >= 0, got "
                    + coldness);
        }
    }

    /** @return the weighting variant */
    public Variant variant() {
        return variant;
    }

    /** @return the coldness β */
    public double coldness() {
        return coldness;
    }

    @Override
    public int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        AcquisitionStrategy.checkBatchSize(batchSize, problem.poolSize());
        double[] logWeights = logWeights(problem.reward().singlePointValues());
        int n = logWeights.length;
        double[] keys = new double[n];
        int positive = 0;
        for (int i = 0; i < n; i++) {
            if (logWeights[i] == Double.NEGATIVE_INFINITY) {
                // Weight zero: ranked after every positive-weight point, in uniformly random order.
                keys[i] = Double.NEGATIVE_INFINITY;
            } else {
                keys[i] = logWeights[i] + standardGumbel(rng);
                positive++;
            }
        }
        int fromKeys = Math.min(batchSize, positive);
        int[] first = TopK.largest(keys, fromKeys);
        if (fromKeys == batchSize) {
            return first;
        }
        int[] zeroWeight = new int[n - positive];
        int z = 0;
        for (int i = 0; i < n; i++) {
            if (keys[i] == Double.NEGATIVE_INFINITY) {
                zeroWeight[z++] = i;
            }
        }
        int[] out = java.util.Arrays.copyOf(first, batchSize);
        for (int k = fromKeys; k < batchSize; k++) {
            int r = k - fromKeys;
            int j = r + rng.nextInt(zeroWeight.length - r);
            int tmp = zeroWeight[r];
            zeroWeight[r] = zeroWeight[j];
            zeroWeight[j] = tmp;
            out[k] = zeroWeight[r];
        }
        return out;
    }

    /**
     * The unnormalised log sampling weights of the variant.
     *
     * @param scores BALD scores, ≥ 0
     * @return {@code log w} for every pool point ({@code −∞} for weight zero)
     */
    double[] logWeights(double[] scores) {
        int n = scores.length;
        double[] out = new double[n];
        switch (variant) {
            case SOFTMAX -> {
                for (int i = 0; i < n; i++) {
                    out[i] = coldness * scores[i];
                }
            }
            case POWER -> {
                for (int i = 0; i < n; i++) {
                    out[i] = coldness == 0 ? 0.0
                            : (scores[i] > 0 ? coldness * Math.log(scores[i]) : Double.NEGATIVE_INFINITY);
                }
            }
            case SOFTRANK -> {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                // Best score first; Arrays.sort on objects is stable, so equal scores keep index order.
                java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
                for (int r = 0; r < n; r++) {
                    out[order[r]] = -coldness * Math.log(r + 1.0);
                }
            }
            default -> throw new IllegalStateException("unknown variant " + variant);
        }
        return out;
    }

    private static double standardGumbel(SplittableRandom rng) {
        double u;
        do {
            u = rng.nextDouble();
        } while (u == 0.0);
        return -Math.log(-Math.log(u));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "AcquisitionStrategy");
    }

    @Override
    public String toString() {
        return "StochasticBaldAcquisition(variant=" + variant + ",coldness=" + coldness + ")";
    }
}
