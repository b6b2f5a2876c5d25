package org.batchgfn.gflownet.policy;

/**
 * Turns labelled training data into the rows a train-set-conditioned {@link PolicyNetwork} encodes:
 * {@code [x standardised like the pool, (y − m) / s]}. The constants are fixed when the policy is first built and
 * kept while it is carried across acquisition rounds and lookahead training sets, so the same pair always encodes
 * the same way. Immutable.
 */
public final class TrainingPairs {

    private final PoolStandardizer features;
    private final double targetMean;
    private final double targetScale;

    private TrainingPairs(PoolStandardizer features, double targetMean, double targetScale) {
        this.features = features;
        this.targetMean = targetMean;
        this.targetScale = targetScale;
    }

    /**
     * @param features the pool's feature standardiser
     * @param targets  the training targets the target constants are fitted on (mean 0 and scale 1 if empty; scale
     *                 1 if constant)
     * @return the standardiser of training pairs
     * @throws IllegalArgumentException if a target is not finite
     */
    public static TrainingPairs fit(PoolStandardizer features, double[] targets) {
        double mean = 0;
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("training target " + i + " is " + targets[i] + "; must be finite");
            }
            mean += targets[i];
        }
        mean = targets.length == 0 ? 0 : mean / targets.length;
        double var = 0;
        for (double y : targets) {
            var += (y - mean) * (y - mean);
        }
        double scale = targets.length == 0 ? 1 : Math.sqrt(var / targets.length);
        return new TrainingPairs(features, mean, scale > 1e-12 ? scale : 1.0);
    }

    /**
     * Rebuilds a pair standardiser from its constants (as read back from a file).
     *
     * @param features    the pool's feature standardiser
     * @param targetMean  the mean subtracted from raw targets, finite
     * @param targetScale the scale raw targets are divided by, finite and &gt; 0
     * @return the standardiser of training pairs
     * @throws IllegalArgumentException for an invalid constant
     */
    public static TrainingPairs of(PoolStandardizer features, double targetMean, double targetScale) {
        if (!Double.isFinite(targetMean) || !(targetScale > 0) || !Double.isFinite(targetScale)) {
            throw new IllegalArgumentException("target mean must be finite and target scale finite and > 0, got "
                    + targetMean + " and " + targetScale);
        }
        return new TrainingPairs(features, targetMean, targetScale);
    }

    /**
     * @param x M rows of d raw features
     * @param y M raw targets
     * @return M rows of {@code d + 1} standardised values
     * @throws IllegalArgumentException if the lengths differ or a row has the wrong width
     */
    public double[][] apply(double[][] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("training set has " + x.length + " inputs but " + y.length
                    + " targets");
        }
        double[][] xs = features.apply(x);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = java.util.Arrays.copyOf(xs[i], xs[i].length + 1);
            out[i][xs[i].length] = (y[i] - targetMean) / targetScale;
        }
        return out;
    }

    /** @return the pool feature standardiser */
    public PoolStandardizer features() {
        return features;
    }

    /** @return the mean subtracted from raw targets (travels with an exported conditioned policy) */
    public double targetMean() {
        return targetMean;
    }

    /** @return the scale raw targets are divided by (travels with an exported conditioned policy) */
    public double targetScale() {
        return targetScale;
    }
}
