/**
 * Exact evaluation of a forward policy on enumerable pools: the probability of every B-set (summed over all
 * orderings), the normalised reward distribution over all {@code C(N, B)} sets, empirical distributions from
 * samples, and the Jensen–Shannon divergence between them in nats.
 */
package org.batchgfn.gflownet.eval;
