package org.batchgfn.gp;

import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.gp.kernel.StationaryKernel;
import org.batchgfn.linalg.Cholesky;

/**
 * The exact log marginal likelihood of a GP regressor and its analytic gradient with respect to the raw
 * (unconstrained) hyperparameters, for fitting by gradient ascent.
 * <p>
 * {@code L = −½ (y−m)ᵀ K⁻¹ (y−m) − ½ log det K − (n/2) log 2π}, {@code K = k(X, X) + σ² I}, and
 * {@code ∂L/∂θ = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ)}, {@code α = K⁻¹(y − m)}, {@code ∂L/∂m = Σ αᵢ}.
 * <p>
 * Raw parameter layout (length d + 3): {@code [ρ_ℓ₁ … ρ_ℓ_d, ρ_s, ρ_σ², m]} with {@code ℓₖ = softplus(ρ_ℓₖ)},
 * {@code s = softplus(ρ_s)}, {@code σ² = MIN_NOISE_VARIANCE + softplus(ρ_σ²)}; the mean is unconstrained.
 * All in working units. Cost per evaluation: n³/3 flops for the Cholesky factor and, with the gradient, 2n³/3 for
 * {@code K⁻¹} from it (LAPACK {@code dpotrf}/{@code dpotri} through {@link Cholesky} for n ≥
 * {@link Cholesky#NATIVE_THRESHOLD}), plus two O(n²·d) kernel sweeps (the matrix, and every hyperparameter's trace
 * term in one pass, {@link StationaryKernel#gradientTraces(double[][], double[], double[])}). The kernel-matrix
 * buffer is reused between calls, so an instance is <em>not</em> thread-safe.
 */
final class ExactMarginalLikelihood implements AdamAscent.Objective {

    /** Lower bound of the noise variance (working units), as in GPyTorch's default Gaussian likelihood. */
    static final double MIN_NOISE_VARIANCE = 1e-4;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final KernelType kernelType;
    private final double[][] x;
    private final double[] y;
    private final int n;
    private final int d;
    private final Cholesky.Backend backend;
    private final double[] kernelMatrix;
    private final double[] residual;
    private final double[] kernelGradient;

    /**
     * @param kernelType kernel family
     * @param x          inputs (working units), n ≥ 1 rows of equal length d ≥ 1; not copied, not modified
     * @param y          targets (working units), length n
     */
    ExactMarginalLikelihood(KernelType kernelType, double[][] x, double[] y) {
        this(kernelType, x, y, Cholesky.Backend.AUTO);
    }

    /**
     * @param kernelType kernel family
     * @param x          inputs (working units), n ≥ 1 rows of equal length d ≥ 1; not copied, not modified
     * @param y          targets (working units), length n
     * @param backend    which Cholesky implementation (tests compare LAPACK against Java)
     */
    ExactMarginalLikelihood(KernelType kernelType, double[][] x, double[] y, Cholesky.Backend backend) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need n >= 1 inputs and as many targets, got " + x.length
                    + " inputs and " + y.length + " targets");
        }
        this.kernelType = kernelType;
        this.x = x;
        this.y = y;
        this.n = x.length;
        this.d = x[0].length;
        this.backend = backend;
        this.kernelMatrix = new double[n * n];
        this.residual = new double[n];
        this.kernelGradient = new double[d + 1];
    }

    /** @return the number of training points n */
    int size() {
        return n;
    }

    /** @return the input dimension d */
    int inputDimension() {
        return d;
    }

    /** @return the number of raw parameters, d + 3 */
    int numParameters() {
        return d + 3;
    }

    /** @return the raw starting point: all zeros (softplus(0) ≈ 0.693 for every positive parameter, mean 0) */
    double[] initialRawParameters() {
        return new double[d + 3];
    }

    /**
     * @param raw raw parameters, layout as in the class comment
     * @param d   input dimension
     * @return the constrained hyperparameters
     */
    static GaussianProcessHyperparameters hyperparameters(double[] raw, int d) {
        double[] ls = new double[d];
        for (int k = 0; k < d; k++) {
            ls[k] = Softplus.value(raw[k]);
        }
        return new GaussianProcessHyperparameters(ls, Softplus.value(raw[d]),
                MIN_NOISE_VARIANCE + Softplus.value(raw[d + 1]), raw[d + 2]);
    }

    /**
     * @param raw raw parameters
     * @return the log marginal likelihood
     */
    double value(double[] raw) {
        return valueAndGradient(raw, null);
    }

    /**
     * @param raw  raw parameters, length d + 3; not modified
     * @param grad output for {@code ∂L/∂raw} (length d + 3), or null for the value only
     * @return the log marginal likelihood
     */
    @Override
    public double valueAndGradient(double[] raw, double[] grad) {
        GaussianProcessHyperparameters h = hyperparameters(raw, d);
        StationaryKernel kernel = kernelType.create(h.lengthscales(), h.outputscale());
        double noise = h.noiseVariance();
        double mean = h.mean();
        kernel.fillLowerMatrix(x, kernelMatrix);
        for (int i = 0; i < n; i++) {
            kernelMatrix[i * n + i] += noise;
            residual[i] = y[i] - mean;
        }
        Cholesky chol = Cholesky.factorizeLower(kernelMatrix, n, backend);
        double[] alpha = chol.solve(residual);
        double quad = 0;
        for (int i = 0; i < n; i++) {
            quad += residual[i] * alpha[i];
        }
        double lml = -0.5 * quad - 0.5 * chol.logDeterminant() - 0.5 * n * LOG_2PI;
        if (grad == null) {
            return lml;
        }
        // weights (lower triangle) = alpha alphaᵀ − K⁻¹, overwriting K⁻¹'s lower triangle.
        double[] weights = chol.inverseLower();
        double trace = 0;
        double sumAlpha = 0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double ai = alpha[i];
            for (int j = 0; j <= i; j++) {
                weights[row + j] = ai * alpha[j] - weights[row + j];
            }
            trace += weights[row + i];
            sumAlpha += ai;
        }
        kernel.gradientTraces(x, weights, kernelGradient);
        for (int k = 0; k < d; k++) {
            grad[k] = 0.5 * kernelGradient[k] * Softplus.derivative(raw[k]);
        }
        grad[d] = 0.5 * kernelGradient[d] * Softplus.derivative(raw[d]);
        grad[d + 1] = 0.5 * trace * Softplus.derivative(raw[d + 1]);
        grad[d + 2] = sumAlpha;
        return lml;
    }
}
