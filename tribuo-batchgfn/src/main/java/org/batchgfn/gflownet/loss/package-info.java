/**
 * The sub-trajectory balance objective SubTB(λ) (Madan et al. 2023) with the forward-looking flow parametrisation
 * (Pan et al. 2023), in double precision, with its gradient for the hand-derived training pass.
 */
package org.batchgfn.gflownet.loss;
