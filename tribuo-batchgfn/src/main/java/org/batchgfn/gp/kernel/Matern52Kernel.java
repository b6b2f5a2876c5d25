package org.batchgfn.gp.kernel;

/**
 * Matérn ν = 5/2 kernel {@code k = s·(1 + √5 r + 5r²/3) exp(−√5 r)}.
 * <p>
 * The profile derivative {@code dg/d(r²)} is written in closed form so that the marginal-likelihood gradient is
 * exact. Immutable.
 */
public final class Matern52Kernel extends StationaryKernel {
    private static final long serialVersionUID = 1L;
    private static final double SQRT5 = Math.sqrt(5.0);

    /**
     * @param lengthscales one positive lengthscale per input dimension
     * @param outputscale  positive outputscale
     */
    public Matern52Kernel(double[] lengthscales, double outputscale) {
        super(lengthscales, outputscale);
    }

    @Override
    public KernelType type() {
        return KernelType.MATERN52;
    }

    @Override
    protected double profile(double r2) {
        double a = SQRT5 * Math.sqrt(r2);
        return (1.0 + a + 5.0 * r2 / 3.0) * Math.exp(-a);
    }

    @Override
    protected double profileDerivative(double r2) {
        double a = SQRT5 * Math.sqrt(r2);
        return -(5.0 / 6.0) * (1.0 + a) * Math.exp(-a);
    }
}
