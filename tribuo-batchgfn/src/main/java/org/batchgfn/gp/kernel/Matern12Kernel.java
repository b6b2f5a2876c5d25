package org.batchgfn.gp.kernel;

/**
 * Matérn ν = 1/2 kernel {@code k = s·exp(−r)}.
 * <p>
 * The profile derivative {@code dg/d(r²)} is written in closed form so that the marginal-likelihood gradient is
 * exact. Immutable.
 */
public final class Matern12Kernel extends StationaryKernel {
    private static final long serialVersionUID = 1L;

    /**
     * @param lengthscales one positive lengthscale per input dimension
     * @param outputscale  positive outputscale
     */
    public Matern12Kernel(double[] lengthscales, double outputscale) {
        super(lengthscales, outputscale);
    }

    @Override
    public KernelType type() {
        return KernelType.MATERN12;
    }

    @Override
    protected double profile(double r2) {
        return Math.exp(-Math.sqrt(r2));
    }

    @Override
    protected double profileDerivative(double r2) {
        double r = Math.sqrt(r2);
        return -Math.exp(-r) / (2.0 * r);
    }
}
