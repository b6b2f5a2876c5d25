package org.batchgfn.gp.kernel;

/**
 * Matérn ν = 3/2 kernel {@code k = s·(1 + √3 r) exp(−√3 r)}.
 * <p>
 * The profile derivative {@code dg/d(r²)} is written in closed form so that the marginal-likelihood gradient is
 * exact. Immutable.
 */
public final class Matern32Kernel extends StationaryKernel {
    private static final long serialVersionUID = 1L;
    private static final double SQRT3 = Math.sqrt(3.0);

    /**
     * @param lengthscales one positive lengthscale per input dimension
     * @param outputscale  positive outputscale
     */
    public Matern32Kernel(double[] lengthscales, double outputscale) {
        super(lengthscales, outputscale);
    }

    @Override
    public KernelType type() {
        return KernelType.MATERN32;
    }

    @Override
    protected double profile(double r2) {
        double a = SQRT3 * Math.sqrt(r2);
        return (1.0 + a) * Math.exp(-a);
    }

    @Override
    protected double profileDerivative(double r2) {
        return -1.5 * Math.exp(-SQRT3 * Math.sqrt(r2));
    }
}
