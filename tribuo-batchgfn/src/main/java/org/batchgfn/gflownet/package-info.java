/**
 * The BatchGFN sampler: a generative flow network that builds a batch of pool points one point at a time and is
 * trained so that a complete batch is sampled with probability proportional to {@code exp(JMI / T)}.
 * <p>
 * Sub-packages follow torchgfn's separation: {@code env} (set-construction states, masks, trajectories),
 * {@code policy} (the set-invariant policy network and its frozen snapshots), {@code loss} (sub-trajectory
 * balance), {@code sampler} (trajectory sampling with ε-exploration, off-policy replay), {@code eval} (exact set
 * probabilities and Jensen–Shannon divergences on enumerable pools) and {@code train} (the training loop and its cost model).
 */
package org.batchgfn.gflownet;
