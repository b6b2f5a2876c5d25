/**
 * The BatchGFN policy network (paper appendix A.2): a per-point feed-forward encoder shared over the pool, the
 * summed embeddings of the chosen points as a set-invariant context, a per-point head giving one logit per pool
 * point, and a log-state-flow head on the context. {@link org.batchgfn.gflownet.policy.PolicyNetwork} owns the
 * trainable network with a hand-derived forward/backward pass; {@link org.batchgfn.gflownet.policy.PolicySnapshot} is a frozen, gradient-free copy
 * used for sampling and exact evaluation.
 */
package org.batchgfn.gflownet.policy;
