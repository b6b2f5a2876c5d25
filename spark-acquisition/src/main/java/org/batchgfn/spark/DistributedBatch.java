package org.batchgfn.spark;

import org.batchgfn.reward.JointMutualInformation;

import java.util.Arrays;

/**
 * A batch chosen from a {@link SparkPool}: the ids in selection order, the marginal gain of each point given the
 * ones before it ({@code JMI(b₁..bₖ) − JMI(b₁..bₖ₋₁)}, nats; they sum to the JMI), the batch's JMI
 * {@code ½ log det(I + σ⁻² Σ_B)} and the wall-clock seconds of each sequential Spark step (one per point for greedy
 * BatchBALD and BatchGFN, one in all for the top-B strategies); for BatchGFN sampling also the log-probability of the
 * chosen ordered trajectory under the policy. Immutable.
 */
public final class DistributedBatch {

    private final long[] ids;
    private final double[][] features;
    private final double[] gains;
    private final double jmi;
    private final double[] stepSeconds;
    private final double logProbability;

    private DistributedBatch(long[] ids, double[][] features, double[] gains, double jmi, double[] stepSeconds,
                             double logProbability) {
        this.logProbability = logProbability;
        this.ids = ids;
        this.features = features;
        this.gains = gains;
        this.jmi = jmi;
        this.stepSeconds = stepSeconds;
    }

    /**
     * Scores a chosen batch on the driver: the JMI and its chain-rule increments from one Cholesky factor of the
     * batch's noisy posterior covariance ({@link JointMutualInformation#prefixValues}).
     *
     * @param ids         ids in selection order
     * @param features    their raw feature rows
     * @param problem     the GP
     * @param stepSeconds    seconds of each sequential step
     * @param logProbability the trajectory's log-probability under a policy, NaN for other strategies
     * @return the batch
     */
    static DistributedBatch score(long[] ids, double[][] features, DistributedProblem problem, double[] stepSeconds,
                                  double logProbability) {
        double[] prefix = jmi(features, problem).prefixValues(order(ids.length));
        double[] gains = new double[ids.length];
        for (int k = 0; k < ids.length; k++) {
            gains[k] = prefix[k] - (k == 0 ? 0.0 : prefix[k - 1]);
        }
        return new DistributedBatch(ids.clone(), features, gains, ids.length == 0 ? 0.0 : prefix[ids.length - 1],
                stepSeconds.clone(), logProbability);
    }

    /** The JMI over a few chosen points: the same per-entry arithmetic as the JMI over the whole pool. */
    static JointMutualInformation jmi(double[][] features, DistributedProblem problem) {
        return new JointMutualInformation(problem.posterior().covariance(features),
                problem.posterior().noiseVariance());
    }

    static int[] order(int b) {
        int[] out = new int[b];
        for (int k = 0; k < b; k++) {
            out[k] = k;
        }
        return out;
    }

    /** @return the chosen ids, in selection order */
    public long[] ids() {
        return ids.clone();
    }

    /** @return the chosen points' raw features, in selection order */
    public double[][] features() {
        double[][] out = new double[features.length][];
        for (int k = 0; k < out.length; k++) {
            out[k] = features[k].clone();
        }
        return out;
    }

    /** @return the marginal gains in selection order, nats */
    public double[] gains() {
        return gains.clone();
    }

    /** @return the batch's JMI, nats */
    public double jmi() {
        return jmi;
    }

    /** @return wall-clock seconds of each sequential Spark step */
    public double[] stepSeconds() {
        return stepSeconds.clone();
    }

    /**
     * @return for BatchGFN sampling, {@code Σ_k log PF(b_k | b₁..bₖ₋₁)} of the chosen ordered batch (nats); NaN for
     *         the other strategies
     */
    public double logProbability() {
        return logProbability;
    }

    @Override
    public String toString() {
        return "DistributedBatch(ids=" + Arrays.toString(ids) + ", jmi=" + jmi + ")";
    }
}
