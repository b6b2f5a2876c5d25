/**
 * The sub-trajectory balance objective SubTB(λ) (Madan et al. 2023) with the forward-looking flow parametrisation
 * (Pan et al. 2023), both as a plain double-precision reference and as a SameDiff graph for training.
 */
package org.batchgfn.gflownet.loss;
