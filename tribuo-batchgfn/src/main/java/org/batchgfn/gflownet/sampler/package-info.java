/**
 * Sampling complete trajectories from a forward policy, with optional ε-random and tempered exploration for
 * training ({@link org.batchgfn.gflownet.sampler.TrajectorySampler}), and off-policy replay of good batches (greedy
 * BatchBALD's and the best sampled so far) as extra training trajectories
 * ({@link org.batchgfn.gflownet.sampler.ReplayTrajectories}).
 */
package org.batchgfn.gflownet.sampler;
