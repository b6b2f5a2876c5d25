package org.batchgfn.gp.kernel;

/**
 * Squared-exponential (RBF) kernel {@code k = s·exp(−r²/2)}.
 * <p>
 * The profile derivative {@code dg/d(r²)} is written in closed form so that the marginal-likelihood gradient is
 * exact. Immutable.
 */
public final class RbfKernel extends StationaryKernel {
    private static final long serialVersionUID = 1L;

    /**
     * @param lengthscales one positive lengthscale per input dimension
     * @param outputscale  positive outputscale
     */
    public RbfKernel(double[] lengthscales, double outputscale) {
        super(lengthscales, outputscale);
    }

    @Override
    public KernelType type() {
        return KernelType.RBF;
    }

    @Override
    protected double profile(double r2) {
        return Math.exp(-0.5 * r2);
    }

    @Override
    protected double profileDerivative(double r2) {
        return -0.5 * Math.exp(-0.5 * r2);
    }
}
