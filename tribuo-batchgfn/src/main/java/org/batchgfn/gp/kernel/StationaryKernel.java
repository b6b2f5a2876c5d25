package org.batchgfn.gp.kernel;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A stationary covariance function with ARD lengthscales and an outputscale:
 * {@code k(x, x') = s · g(r²)}, {@code r² = Σₖ ((xₖ − x'ₖ) / ℓₖ)²}, where {@code g} is the kernel's profile
 * (Matérn or squared exponential) with {@code g(0) = 1}.
 * <p>
 * Besides values and kernel matrices it gives the derivatives of the kernel matrix with respect to each
 * positive hyperparameter {@code θ = (ℓ₁ … ℓ_d, s)}, both as explicit matrices ({@link #gradientMatrices}) and as
 * the contractions {@code Σᵢⱼ Wᵢⱼ ∂Kᵢⱼ/∂θ} that the marginal-likelihood gradient needs
 * ({@link #gradientTraces}), the latter without allocating. The optimiser's reparametrisation (softplus of raw
 * parameters) is applied by the caller through the chain rule, so kernels stay independent of how they are fitted.
 * <p>
 * Instances are immutable and thread-safe; fitting creates a new kernel per parameter value.
 */
public abstract class StationaryKernel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] lengthscales;
    private final double[] inverseSquaredLengthscales;
    private final double outputscale;

    /**
     * @param lengthscales one positive finite lengthscale per input dimension; copied
     * @param outputscale  positive finite outputscale (prior variance of the latent function)
     * @throws IllegalArgumentException if a lengthscale or the outputscale is not positive and finite, or there is no
     *                                  lengthscale
     */
    protected StationaryKernel(double[] lengthscales, double outputscale) {
        if (lengthscales.length == 0) {
            throw new IllegalArgumentException("a kernel needs at least one lengthscale (one per input dimension)");
        }
        this.lengthscales = lengthscales.clone();
        this.inverseSquaredLengthscales = new double[lengthscales.length];
        for (int k = 0; k < lengthscales.length; k++) {
            double l = lengthscales[k];
            if (!(l > 0) || !Double.isFinite(l)) {
                throw new IllegalArgumentException("lengthscale " + k + " must be positive and finite, got " + l);
            }
            inverseSquaredLengthscales[k] = 1.0 / (l * l);
        }
        if (!(outputscale > 0) || !Double.isFinite(outputscale)) {
            throw new IllegalArgumentException("outputscale must be positive and finite, got " + outputscale);
        }
        this.outputscale = outputscale;
    }

    /** @return which kernel family this is */
    public abstract KernelType type();

    /**
     * The profile {@code g(r²)} with {@code g(0) = 1}.
     *
     * @param r2 squared scaled distance, ≥ 0
     * @return {@code g(r²)}
     */
    protected abstract double profile(double r2);

    /**
     * The derivative {@code dg/d(r²)}; only called with {@code r² > 0} (at {@code r² = 0} every lengthscale
     * derivative of {@code k} is zero because all coordinate differences are zero).
     *
     * @param r2 squared scaled distance, &gt; 0
     * @return {@code dg/d(r²)}
     */
    protected abstract double profileDerivative(double r2);

    /** @return the input dimension d (number of lengthscales) */
    public final int inputDimension() {
        return lengthscales.length;
    }

    /** @return a copy of the lengthscales */
    public final double[] lengthscales() {
        return lengthscales.clone();
    }

    /** @return the outputscale s = k(x, x) */
    public final double outputscale() {
        return outputscale;
    }

    /** @return the number of hyperparameters d + 1 (lengthscales then outputscale) */
    public final int numHyperparameters() {
        return lengthscales.length + 1;
    }

    /**
     * @param a a point of length d
     * @param b a point of length d
     * @return {@code r² = Σₖ ((aₖ − bₖ)/ℓₖ)²}
     */
    public final double scaledSquaredDistance(double[] a, double[] b) {
        double r2 = 0;
        for (int k = 0; k < inverseSquaredLengthscales.length; k++) {
            double diff = a[k] - b[k];
            r2 += diff * diff * inverseSquaredLengthscales[k];
        }
        return r2;
    }

    /**
     * @param a a point of length d
     * @param b a point of length d
     * @return {@code k(a, b)}
     * @throws IllegalArgumentException if a point does not have length d
     */
    public final double value(double[] a, double[] b) {
        checkPoint(a, "first point");
        checkPoint(b, "second point");
        return outputscale * profile(scaledSquaredDistance(a, b));
    }

    /**
     * @param a points, each of length d
     * @param b points, each of length d
     * @return the cross-covariance matrix {@code K[i][j] = k(aᵢ, bⱼ)}, {@code a.length × b.length}
     */
    public final double[][] crossMatrix(double[][] a, double[][] b) {
        checkPoints(a, "first point set");
        checkPoints(b, "second point set");
        double[][] out = new double[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            fillCrossRows(a, i, i + 1, b, out[i]);
        }
        return out;
    }

    /**
     * Writes the cross-covariance rows {@code k(aᵢ, bⱼ)} for {@code from ≤ i < to} into a row-major
     * {@code (to − from) × b.length} array, without allocating or checking dimensions (callers check once): the
     * right-hand sides of a blocked triangular solve over a large pool.
     *
     * @param a    points, each of length d
     * @param from first row of {@code a}
     * @param to   one past the last row of {@code a}
     * @param b    points, each of length d
     * @param out  row-major, at least {@code (to − from) · b.length} entries, overwritten
     */
    public final void fillCrossRows(double[][] a, int from, int to, double[][] b, double[] out) {
        int m = b.length;
        for (int i = from; i < to; i++) {
            double[] ai = a[i];
            int row = (i - from) * m;
            for (int j = 0; j < m; j++) {
                out[row + j] = outputscale * profile(scaledSquaredDistance(ai, b[j]));
            }
        }
    }

    /**
     * @param x points, each of length d
     * @return the symmetric kernel matrix {@code K[i][j] = k(xᵢ, xⱼ)}
     */
    public final double[][] matrix(double[][] x) {
        double[][] out = new double[x.length][x.length];
        fillMatrix(x, out);
        return out;
    }

    /**
     * Writes the symmetric kernel matrix of {@code x} into {@code out}.
     *
     * @param x   points, each of length d
     * @param out an {@code n × n} array, overwritten
     */
    public final void fillMatrix(double[][] x, double[][] out) {
        int n = x.length;
        double[] flat = new double[n * n];
        fillLowerMatrix(x, flat);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                out[i][j] = flat[i * n + j];
                out[j][i] = flat[i * n + j];
            }
        }
    }

    /**
     * Writes the lower triangle (diagonal included) of the kernel matrix of {@code x} into a row-major
     * {@code n × n} array without allocating, the form {@link org.batchgfn.linalg.Cholesky#factorizeLower} reads;
     * the strict upper triangle is not touched. Used once per optimiser step.
     *
     * @param x   points, each of length d
     * @param out row-major {@code n × n}, lower triangle overwritten
     */
    public final void fillLowerMatrix(double[][] x, double[] out) {
        checkPoints(x, "point set");
        int n = x.length;
        if (out.length != n * n) {
            throw new IllegalArgumentException("kernel matrix output must have " + (n * n) + " entries, got "
                    + out.length);
        }
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            int row = i * n;
            for (int j = 0; j < i; j++) {
                out[row + j] = outputscale * profile(scaledSquaredDistance(xi, x[j]));
            }
            out[row + i] = outputscale;
        }
    }

    /**
     * The derivatives of the kernel matrix with respect to each hyperparameter, as explicit matrices. Index
     * {@code p < d} is {@code ∂K/∂ℓ_p}; index {@code d} is {@code ∂K/∂s}. Mainly for tests and small problems;
     * fitting uses {@link #gradientTraces}.
     *
     * @param x points, each of length d
     * @return {@code [d + 1][n][n]} derivative matrices
     */
    public final double[][][] gradientMatrices(double[][] x) {
        checkPoints(x, "point set");
        int n = x.length;
        int d = lengthscales.length;
        double[][][] g = new double[d + 1][n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double r2 = scaledSquaredDistance(x[i], x[j]);
                double ds = profile(r2);
                g[d][i][j] = ds;
                g[d][j][i] = ds;
                if (r2 > 0) {
                    double gp = outputscale * profileDerivative(r2);
                    for (int k = 0; k < d; k++) {
                        double diff = x[i][k] - x[j][k];
                        double v = gp * (-2.0 * diff * diff * inverseSquaredLengthscales[k] / lengthscales[k]);
                        g[k][i][j] = v;
                        g[k][j][i] = v;
                    }
                }
            }
        }
        return g;
    }

    /**
     * The contractions {@code out[p] = Σᵢⱼ Wᵢⱼ ∂Kᵢⱼ/∂θ_p} for a symmetric weight matrix {@code W}, without forming
     * the derivative matrices: with {@code W = ααᵀ − K⁻¹} and a factor ½ this is the gradient of the exact log
     * marginal likelihood. Only the lower triangle of {@code W} is read.
     *
     * @param x   points, each of length d
     * @param w   symmetric {@code n × n} weights
     * @param out array of length d + 1, overwritten: lengthscale derivatives then the outputscale derivative
     */
    public final void gradientTraces(double[][] x, double[][] w, double[] out) {
        int n = x.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], 0, flat, i * n, i + 1);
        }
        gradientTraces(x, flat, out);
    }

    /**
     * As {@link #gradientTraces(double[][], double[][], double[])} with the weights as one row-major
     * {@code n × n} array (lower triangle read): one O(n²·d) pass over the pairs, no allocation, so every
     * hyperparameter's trace term costs one sweep instead of an n×n derivative matrix each.
     *
     * @param x   points, each of length d
     * @param w   row-major symmetric {@code n × n} weights, lower triangle read
     * @param out array of length d + 1, overwritten: lengthscale derivatives then the outputscale derivative
     */
    public final void gradientTraces(double[][] x, double[] w, double[] out) {
        int n = x.length;
        int d = lengthscales.length;
        if (out.length != d + 1) {
            throw new IllegalArgumentException("gradient output must have length " + (d + 1) + ", got " + out.length);
        }
        if (w.length != n * n) {
            throw new IllegalArgumentException("weights must have " + (n * n) + " entries, got " + w.length);
        }
        Arrays.fill(out, 0.0);
        double sumOutputscale = 0;
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            int row = i * n;
            sumOutputscale += w[row + i];
            for (int j = 0; j < i; j++) {
                double[] xj = x[j];
                double r2 = scaledSquaredDistance(xi, xj);
                double wij = 2.0 * w[row + j];
                sumOutputscale += wij * profile(r2);
                if (r2 > 0) {
                    double common = wij * outputscale * profileDerivative(r2);
                    for (int k = 0; k < d; k++) {
                        double diff = xi[k] - xj[k];
                        out[k] += common * diff * diff;
                    }
                }
            }
        }
        for (int k = 0; k < d; k++) {
            out[k] *= -2.0 * inverseSquaredLengthscales[k] / lengthscales[k];
        }
        out[d] = sumOutputscale;
    }

    private void checkPoint(double[] p, String what) {
        if (p.length != lengthscales.length) {
            throw new IllegalArgumentException(what + " has dimension " + p.length + ", kernel expects "
                    + lengthscales.length);
        }
    }

    private void checkPoints(double[][] pts, String what) {
        for (int i = 0; i < pts.length; i++) {
            if (pts[i].length != lengthscales.length) {
                throw new IllegalArgumentException(what + ": point " + i + " has dimension " + pts[i].length
                        + ", kernel expects " + lengthscales.length);
            }
        }
    }

    @Override
    public String toString() {
        return type() + "(lengthscales=" + Arrays.toString(lengthscales) + ", outputscale=" + outputscale + ")";
    }
}
