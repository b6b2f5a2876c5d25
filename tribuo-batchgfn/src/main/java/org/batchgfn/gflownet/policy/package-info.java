/**
 * The BatchGFN policy network (paper appendix A.2): a per-point feed-forward encoder shared over the pool, the
 * summed embeddings of the chosen points as a set-invariant context, a per-point head giving one logit per pool
 * point, and a log-state-flow head on the context. {@link org.batchgfn.gflownet.policy.PolicyNetwork} is the
 * estimator (pool, architecture, B, parameters in {@link org.batchgfn.gflownet.policy.PolicyParameters}, optional
 * train-set conditioning); {@link org.batchgfn.gflownet.policy.PolicyPass} is its hand-derived forward/backward
 * pass over the states of a training step (the SubTB objective lives in {@code gflownet.loss});
 * {@link org.batchgfn.gflownet.policy.PolicySnapshot} is a frozen, gradient-free, thread-safe copy used for
 * sampling and exact evaluation; {@link org.batchgfn.gflownet.policy.ComputeThreads} is the one thread setting.
 */
package org.batchgfn.gflownet.policy;
