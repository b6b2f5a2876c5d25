package org.batchgfn.gp;

import org.batchgfn.gp.kernel.StationaryKernel;
import org.batchgfn.linalg.Cholesky;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * The exact GP posterior given training data, with fixed hyperparameters: {@code K = k(X, X) + σ² I = L Lᵀ},
 * {@code μ(x) = m + k(x, X) α} with {@code α = K⁻¹ (y − m)}, and
 * {@code Σ(x, x') = k(x, x') − vₓ·v_{x'}} with {@code vₓ = L⁻¹ k(X, x)}.
 * <p>
 * Inputs and outputs of every public method are in raw units (raw feature vectors in the model's feature order,
 * raw target units); input/target standardisation, when the model was trained with it, is applied internally
 * with constants fixed at training time. Immutable and thread-safe.
 */
public final class ExactGaussianProcessPosterior implements GaussianProcessPosterior, Serializable {
    private static final long serialVersionUID = 1L;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final StationaryKernel kernel;
    private final double noiseVariance;
    private final double mean;
    private final Standardization standardization;
    private final double[][] trainX;
    private final double[] trainY;
    private final Cholesky chol;
    private final double[] alpha;
    private final double logMarginalLikelihood;

    private ExactGaussianProcessPosterior(StationaryKernel kernel, double noiseVariance, double mean,
                                          Standardization standardization, double[][] trainX, double[] trainY) {
        this.kernel = kernel;
        this.noiseVariance = noiseVariance;
        this.mean = mean;
        this.standardization = standardization;
        this.trainX = trainX;
        this.trainY = trainY;
        int m = trainX.length;
        double[] k = new double[m * m];
        kernel.fillLowerMatrix(trainX, k);
        double[] residual = new double[m];
        for (int i = 0; i < m; i++) {
            k[i * m + i] += noiseVariance;
            residual[i] = trainY[i] - mean;
        }
        this.chol = Cholesky.factorizeLower(k, m, Cholesky.Backend.AUTO);
        this.alpha = chol.solve(residual);
        double quad = 0;
        for (int i = 0; i < m; i++) {
            quad += residual[i] * alpha[i];
        }
        double workingLml = -0.5 * quad - 0.5 * chol.logDeterminant() - 0.5 * m * LOG_2PI;
        this.logMarginalLikelihood = workingLml - m * Math.log(standardization.targetScale());
    }

    /**
     * A posterior without standardisation (raw units are working units), for callers that set hyperparameters
     * themselves.
     *
     * @param kernel        the prior covariance
     * @param noiseVariance observation-noise variance σ² &gt; 0
     * @param mean          constant prior mean
     * @param x             training inputs, rows of length {@code kernel.inputDimension()} (may be empty)
     * @param y             training targets, same length as {@code x}
     * @return the posterior
     * @throws IllegalArgumentException on dimension mismatch, NaN/infinite values or a non-positive noise
     */
    public static ExactGaussianProcessPosterior of(StationaryKernel kernel, double noiseVariance, double mean,
                                                   double[][] x, double[] y) {
        Standardization id = Standardization.identity(kernel.inputDimension());
        checkPoints(x, kernel.inputDimension(), "training input");
        checkTargets(x, y);
        return create(kernel, noiseVariance, mean, id, copy(x), y.clone());
    }

    /** Builds from working-unit data that is already validated; takes ownership of the arrays. */
    static ExactGaussianProcessPosterior create(StationaryKernel kernel, double noiseVariance, double mean,
                                                Standardization standardization, double[][] xWorking,
                                                double[] yWorking) {
        if (!(noiseVariance > 0) || !Double.isFinite(noiseVariance)) {
            throw new IllegalArgumentException("noise variance must be positive and finite, got " + noiseVariance);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, got " + mean);
        }
        return new ExactGaussianProcessPosterior(kernel, noiseVariance, mean, standardization, xWorking, yWorking);
    }

    /** @return the standardisation between raw and working units */
    Standardization standardization() {
        return standardization;
    }

    /** @return the training inputs in working units (not copied: callers must not modify them) */
    double[][] workingTrainInputs() {
        return trainX;
    }

    /** @return the training targets in working units (not copied: callers must not modify them) */
    double[] workingTrainTargets() {
        return trainY;
    }

    @Override
    public int inputDimension() {
        return kernel.inputDimension();
    }

    @Override
    public int trainingSize() {
        return trainX.length;
    }

    @Override
    public double noiseVariance() {
        double s = standardization.targetScale();
        return noiseVariance * s * s;
    }

    /**
     * The exact log marginal likelihood {@code log p(y | X, θ)} of the training targets in raw units (the
     * working-unit value minus {@code M · log(target scale)}, the Jacobian of target standardisation).
     *
     * @return the log marginal likelihood
     */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    /** @return the kernel in working units */
    public StationaryKernel kernel() {
        return kernel;
    }

    @Override
    public double[] mean(double[][] x) {
        return meansAndVariances(working(x), true, false)[0];
    }

    @Override
    public double[] latentVariance(double[][] x) {
        return meansAndVariances(working(x), false, true)[1];
    }

    /**
     * Posterior means and latent variances at many raw points in one pass over the cross-covariances (what
     * {@code predict} needs; half the kernel evaluations of {@link #mean} and {@link #latentVariance} called
     * one after the other).
     *
     * @param x raw points, rows of length {@link #inputDimension()}
     * @return {@code [means, variances]}, raw units
     * @throws IllegalArgumentException if a point has the wrong dimension or a non-finite value
     */
    public double[][] meansAndLatentVariances(double[][] x) {
        return meansAndVariances(working(x), true, true);
    }

    /**
     * Blocked over the points: a block's cross-covariance rows {@code k(xᵢ, X)} give the means by dot products
     * with α and, after one triangular solve with many right-hand sides ({@link Cholesky#forwardSolveRows},
     * BLAS-3 on the native path), the variances {@code s − |L⁻¹ k(X, xᵢ)|²}.
     */
    private double[][] meansAndVariances(double[][] xw, boolean means, boolean variances) {
        int n = xw.length;
        int m = trainX.length;
        double[] mu = means ? new double[n] : null;
        double[] var = variances ? new double[n] : null;
        double scale = squaredTargetScale();
        double s = kernel.outputscale();
        int block = blockRows(m);
        double[] buf = new double[Math.min(block, Math.max(n, 1)) * m];
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            kernel.fillCrossRows(xw, from, to, trainX, buf);
            if (means) {
                for (int i = from; i < to; i++) {
                    double acc = 0;
                    int row = (i - from) * m;
                    for (int j = 0; j < m; j++) {
                        acc += buf[row + j] * alpha[j];
                    }
                    mu[i] = standardization.rawTarget(mean + acc);
                }
            }
            if (variances) {
                chol.forwardSolveRows(buf, to - from);
                for (int i = from; i < to; i++) {
                    double ss = 0;
                    int row = (i - from) * m;
                    for (int j = 0; j < m; j++) {
                        ss += buf[row + j] * buf[row + j];
                    }
                    var[i] = scale * Math.max(0.0, s - ss);
                }
            }
        }
        return new double[][]{mu, var};
    }

    /** Rows per block of a pool pass: about 2²¹ doubles (16 MiB) of cross-covariances. */
    private static int blockRows(int m) {
        return Math.max(1, (1 << 21) / Math.max(m, 1));
    }

    /**
     * Posterior mean and latent variance at one raw point, raw units: {@code [mean, variance]}.
     */
    double[] meanAndLatentVariance(double[] xRaw) {
        double[] xw = standardization.input(xRaw);
        double[] kx = new double[trainX.length];
        double[] v = new double[trainX.length];
        crossCovariance(xw, kx);
        double mu = standardization.rawTarget(mean + dot(kx, alpha));
        chol.forwardSolve(kx, v);
        double var = squaredTargetScale() * Math.max(0.0, kernel.outputscale() - dot(v, v));
        return new double[]{mu, var};
    }

    @Override
    public PosteriorCovariance covariance(double[][] x) {
        double[][] xw = working(x);
        int m = trainX.length;
        int n = xw.length;
        double[][] v = new double[n][m];
        int block = blockRows(m);
        double[] buf = new double[Math.min(block, Math.max(n, 1)) * m];
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            kernel.fillCrossRows(xw, from, to, trainX, buf);
            chol.forwardSolveRows(buf, to - from);
            for (int i = from; i < to; i++) {
                System.arraycopy(buf, (i - from) * m, v[i], 0, m);
            }
        }
        return new LazyPosteriorCovariance(kernel, xw, v, squaredTargetScale());
    }

    @Override
    public PosteriorCovariance priorCovariance(double[][] x) {
        double[][] xw = working(x);
        // No training data: every v is empty, so the lazy covariance is c · k(x, x').
        return new LazyPosteriorCovariance(kernel, xw, new double[xw.length][0], squaredTargetScale());
    }

    @Override
    public double[][] sample(double[][] x, boolean withNoise, int numSamples, SplittableRandom rng) {
        if (numSamples < 0) {
            throw new IllegalArgumentException("number of samples must be >= 0, got " + numSamples);
        }
        if (rng == null) {
            throw new IllegalArgumentException("random source must not be null");
        }
        int n = x.length;
        double[] mu = mean(x);
        PosteriorCovariance cov = covariance(x);
        double[][] c = new double[n][n];
        double noise = withNoise ? noiseVariance() : 0.0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = cov.covariance(i, j);
                c[i][j] = v;
                c[j][i] = v;
            }
            c[i][i] = cov.variance(i) + noise;
        }
        double[][] l = n == 0 ? new double[0][0] : Cholesky.factorize(c).lowerFactor();
        double[][] out = new double[numSamples][n];
        double[] z = new double[n];
        for (int s = 0; s < numSamples; s++) {
            for (int i = 0; i < n; i++) {
                z[i] = rng.nextGaussian();
            }
            double[] row = out[s];
            for (int i = 0; i < n; i++) {
                double[] li = l[i];
                double acc = mu[i];
                for (int k = 0; k <= i; k++) {
                    acc += li[k] * z[k];
                }
                row[i] = acc;
            }
        }
        return out;
    }

    @Override
    public ExactGaussianProcessPosterior condition(double[][] x, double[] y) {
        checkPoints(x, inputDimension(), "conditioning input");
        checkTargets(x, y);
        int m = trainX.length;
        double[][] xs = new double[m + x.length][];
        double[] ys = new double[m + x.length];
        System.arraycopy(trainX, 0, xs, 0, m);
        System.arraycopy(trainY, 0, ys, 0, m);
        double[] yw = standardization.targets(y);
        for (int i = 0; i < x.length; i++) {
            xs[m + i] = standardization.input(x[i]);
            ys[m + i] = yw[i];
        }
        return new ExactGaussianProcessPosterior(kernel, noiseVariance, mean, standardization, xs, ys);
    }

    private double squaredTargetScale() {
        double s = standardization.targetScale();
        return s * s;
    }

    private double[][] working(double[][] x) {
        checkPoints(x, inputDimension(), "input");
        return standardization.inputs(x);
    }

    private void crossCovariance(double[] xw, double[] out) {
        for (int j = 0; j < trainX.length; j++) {
            out[j] = kernel.value(xw, trainX[j]);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        return out;
    }

    static void checkPoints(double[][] x, int d, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + " points must not be null");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != d) {
                throw new IllegalArgumentException(what + " " + i + " has dimension "
                        + (x[i] == null ? "null" : x[i].length) + ", expected " + d);
            }
            for (int k = 0; k < d; k++) {
                if (!Double.isFinite(x[i][k])) {
                    throw new IllegalArgumentException(what + " " + i + " has a non-finite value " + x[i][k]
                            + " in dimension " + k);
                }
            }
        }
    }

    private static void checkTargets(double[][] x, double[] y) {
        if (y == null || y.length != x.length) {
            throw new IllegalArgumentException("need one target per input: " + x.length + " inputs but "
                    + (y == null ? "null" : y.length) + " targets");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("target " + i + " is not finite: " + y[i]);
            }
        }
    }
}
