package org.batchgfn.gp;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The hyperparameters of an exact GP with a stationary kernel: ARD lengthscales, outputscale, Gaussian noise
 * variance and constant mean.
 * <p>
 * Values are in the model's <em>working units</em>: after input standardisation (lengthscales in units of each
 * input's standard deviation) and target standardisation (outputscale, noise and mean in units of the target's
 * standard deviation) when these are enabled, and in raw units otherwise. The raw-unit noise variance is
 * {@link GaussianProcessPosterior#noiseVariance()}. Immutable.
 */
public final class GaussianProcessHyperparameters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] lengthscales;
    private final double outputscale;
    private final double noiseVariance;
    private final double mean;

    /**
     * @param lengthscales  one positive finite lengthscale per input dimension (or one to share across
     *                      dimensions when given to a trainer); copied
     * @param outputscale   positive finite prior variance of the latent function
     * @param noiseVariance positive finite observation-noise variance
     * @param mean          finite constant prior mean
     * @throws IllegalArgumentException naming the offending value if any is out of range
     */
    public GaussianProcessHyperparameters(double[] lengthscales, double outputscale, double noiseVariance,
                                          double mean) {
        if (lengthscales.length == 0) {
            throw new IllegalArgumentException("at least one lengthscale is needed");
        }
        for (int k = 0; k < lengthscales.length; k++) {
            if (!(lengthscales[k] > 0) || !Double.isFinite(lengthscales[k])) {
                throw new IllegalArgumentException("lengthscale " + k + " must be positive and finite, got "
                        + lengthscales[k]);
            }
        }
        if (!(outputscale > 0) || !Double.isFinite(outputscale)) {
            throw new IllegalArgumentException("outputscale must be positive and finite, got " + outputscale);
        }
        if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("noise variance must be positive and finite, got " + noiseVariance);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, got " + mean);
        }
        this.lengthscales = lengthscales.clone();
        this.outputscale = outputscale;
        this.noiseVariance = noiseVariance;
        this.mean = mean;
    }

    /** @return a copy of the lengthscales (working units) */
    public double[] lengthscales() {
        return lengthscales.clone();
    }

    /** @return the outputscale (working units²) */
    public double outputscale() {
        return outputscale;
    }

    /** @return the observation-noise variance (working units²) */
    public double noiseVariance() {
        return noiseVariance;
    }

    /** @return the constant prior mean (working units) */
    public double mean() {
        return mean;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GaussianProcessHyperparameters)) {
            return false;
        }
        GaussianProcessHyperparameters h = (GaussianProcessHyperparameters) o;
        return Arrays.equals(lengthscales, h.lengthscales) && outputscale == h.outputscale
                && noiseVariance == h.noiseVariance && mean == h.mean;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new double[]{Arrays.hashCode(lengthscales), outputscale, noiseVariance, mean});
    }

    @Override
    public String toString() {
        return "GaussianProcessHyperparameters(lengthscales=" + Arrays.toString(lengthscales) + ", outputscale="
                + outputscale + ", noiseVariance=" + noiseVariance + ", mean=" + mean + ")";
    }
}
