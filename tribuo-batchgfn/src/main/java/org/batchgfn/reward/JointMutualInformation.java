package org.batchgfn.reward;

import org.batchgfn.gp.PosteriorCovariance;
import org.batchgfn.linalg.Cholesky;

import java.util.Arrays;

/**
 * The joint mutual information between a batch's noisy labels and the latent function of an exact GP,
 * {@code JMI(B) = ½ log det(I + σ⁻² Σ_B)} in nats, where {@code Σ_B} is the posterior covariance of the batch
 * given the training data and {@code σ²} the observation-noise variance (paper eq. 2).
 * <p>
 * Because {@code σ⁻² Σ_B} is invariant to rescaling the targets, the value is the same whether the GP works on
 * standardised or raw targets. The log-determinant is {@code 2 Σ log Lᵢᵢ} of a Cholesky factor; prefix values of
 * an ordered batch come from the same factor for free (the chain rule of mutual information).
 * For greedy construction use {@link #marginalGains()}, which needs only rank-1 updates.
 * Instances are immutable and thread-safe.
 */
public final class JointMutualInformation implements BatchReward {

    /** The name used in provenance and exported metadata. */
    public static final String NAME = "jmi";

    private final PosteriorCovariance covariance;
    private final double noiseVariance;

    /**
     * @param covariance    the posterior covariance over the pool
     * @param noiseVariance the GP's observation-noise variance σ² in the same units as {@code covariance}
     * @throws IllegalArgumentException if the noise variance is not finite and positive
     */
    public JointMutualInformation(PosteriorCovariance covariance, double noiseVariance) {
        if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("noise variance must be finite and > 0, got " + noiseVariance);
        }
        this.covariance = covariance;
        this.noiseVariance = noiseVariance;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int poolSize() {
        return covariance.size();
    }

    /** @return the posterior covariance this reward is defined over */
    public PosteriorCovariance covariance() {
        return covariance;
    }

    /** @return the observation-noise variance σ² */
    public double noiseVariance() {
        return noiseVariance;
    }

    @Override
    public double value(int[] batch) {
        if (batch.length == 0) {
            return 0.0;
        }
        return 0.5 * factorize(batch).logDeterminant();
    }

    @Override
    public double[] prefixValues(int[] batch) {
        double[] out = new double[batch.length];
        if (batch.length == 0) {
            return out;
        }
        Cholesky chol = factorize(batch);
        double acc = 0;
        for (int k = 0; k < batch.length; k++) {
            acc += Math.log(chol.factorEntry(k, k));
            out[k] = acc;
        }
        return out;
    }

    /**
     * The single-point score {@code ½ log(1 + σ⁻² Σ(i, i))} of every pool point: the JMI of each singleton,
     * i.e. the BALD score for a GP regressor.
     *
     * @return array of length {@link #poolSize()}
     */
    public double[] singlePointValues() {
        int n = covariance.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = 0.5 * Math.log1p(Math.max(0.0, covariance.variance(i)) / noiseVariance);
        }
        return out;
    }

    /** @return a fresh incremental state for the empty batch */
    public MarginalGains marginalGains() {
        return new MarginalGains(covariance, noiseVariance);
    }

    private Cholesky factorize(int[] batch) {
        checkBatch(batch, covariance.size());
        double[][] m = covariance.submatrix(batch);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                m[i][j] /= noiseVariance;
            }
            m[i][i] += 1.0;
        }
        return Cholesky.factorize(m);
    }

    /**
     * Checks that a batch holds distinct indices within {@code [0, poolSize)}.
     *
     * @param batch    the indices
     * @param poolSize the pool size
     * @throws IllegalArgumentException naming the offending index otherwise
     */
    static void checkBatch(int[] batch, int poolSize) {
        int[] sorted = batch.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < sorted.length; k++) {
            if (sorted[k] < 0 || sorted[k] >= poolSize) {
                throw new IllegalArgumentException("batch index " + sorted[k] + " is outside the pool [0, "
                        + poolSize + ")");
            }
            if (k > 0 && sorted[k] == sorted[k - 1]) {
                throw new IllegalArgumentException("batch contains pool index " + sorted[k]
                        + " more than once; a batch is a set of distinct points");
            }
        }
    }
}
