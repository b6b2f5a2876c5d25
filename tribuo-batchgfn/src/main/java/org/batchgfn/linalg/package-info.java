/**
 * Dense double-precision linear algebra needed by the exact Gaussian process and the batch rewards:
 * a jittered Cholesky factorisation with stable log-determinants.
 */
package org.batchgfn.linalg;
