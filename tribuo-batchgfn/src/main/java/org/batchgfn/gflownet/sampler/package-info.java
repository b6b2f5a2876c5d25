/**
 * Sampling complete trajectories from a forward policy, with optional ε-random exploration for training.
 */
package org.batchgfn.gflownet.sampler;
