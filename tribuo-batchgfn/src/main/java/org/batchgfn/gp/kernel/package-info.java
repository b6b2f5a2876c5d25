/**
 * Stationary kernels for the exact GP: Matérn 1/2, 3/2, 5/2 and RBF with ARD lengthscales and an outputscale,
 * with analytic derivatives of the kernel matrix for marginal-likelihood fitting.
 */
package org.batchgfn.gp.kernel;
