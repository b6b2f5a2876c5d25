package org.batchgfn.loop;

/**
 * Test-set scores of a Gaussian predictive distribution {@code N(mean, variance)} per point.
 *
 * @param rmse root mean squared error of the mean
 * @param nll  mean negative log density {@code ½ log(2π v) + (y − μ)² / (2v)}, nats
 * @param mae  mean absolute error of the mean
 * @param maxError largest absolute error of the mean (the reference benchmark's MAXE)
 */
public record PredictiveScores(double rmse, double nll, double mae, double maxError) {

    /**
     * @param targets  true test targets
     * @param mean     predictive means
     * @param variance predictive variances of the noisy targets, &gt; 0
     * @return the scores
     * @throws IllegalArgumentException for empty or mismatched arrays or a non-positive variance
     */
    public static PredictiveScores of(double[] targets, double[] mean, double[] variance) {
        int n = targets.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot score an empty test set");
        }
        if (mean.length != n || variance.length != n) {
            throw new IllegalArgumentException("test set has " + n + " targets but " + mean.length + " means and "
                    + variance.length + " variances");
        }
        double se = 0;
        double ae = 0;
        double nll = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            double v = variance[i];
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("predictive variance of test point " + i + " is " + v
                        + "; it must be finite and > 0");
            }
            double r = targets[i] - mean[i];
            se += r * r;
            ae += Math.abs(r);
            max = Math.max(max, Math.abs(r));
            nll += 0.5 * Math.log(2 * Math.PI * v) + r * r / (2 * v);
        }
        return new PredictiveScores(Math.sqrt(se / n), nll / n, ae / n, max);
    }
}
