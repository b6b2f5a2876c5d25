package org.batchgfn.gp.kernel;

/**
 * The stationary kernel families offered by the exact GP: Matérn with smoothness ν = 1/2, 3/2, 5/2 and the
 * squared exponential (RBF, the ν → ∞ limit). All use ARD lengthscales and an outputscale.
 */
public enum KernelType {
    /** Matérn ν = 1/2 (exponential kernel): {@code g(r) = exp(−r)}; rough, continuous but nowhere differentiable. */
    MATERN12,
    /** Matérn ν = 3/2: {@code g(r) = (1 + √3 r) exp(−√3 r)}; once differentiable sample paths. */
    MATERN32,
    /** Matérn ν = 5/2: {@code g(r) = (1 + √5 r + 5r²/3) exp(−√5 r)}; twice differentiable, the default. */
    MATERN52,
    /** Squared exponential: {@code g(r) = exp(−r²/2)}; infinitely differentiable sample paths. */
    RBF;

    /**
     * Creates a kernel of this family.
     *
     * @param lengthscales one positive lengthscale per input dimension
     * @param outputscale  positive outputscale
     * @return the kernel
     */
    public StationaryKernel create(double[] lengthscales, double outputscale) {
        switch (this) {
            case MATERN12:
                return new Matern12Kernel(lengthscales, outputscale);
            case MATERN32:
                return new Matern32Kernel(lengthscales, outputscale);
            case MATERN52:
                return new Matern52Kernel(lengthscales, outputscale);
            case RBF:
                return new RbfKernel(lengthscales, outputscale);
            default:
                throw new IllegalStateException("unknown kernel type " + this);
        }
    }
}
