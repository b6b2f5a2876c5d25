/**
 * Training the BatchGFN policy: sample trajectories with the current policy (ε-exploration), then one batched
 * forward-backward pass of the SubTB loss over all their states and an Adam step; plus the per-step cost model.
 * {@link org.batchgfn.gflownet.train.LookaheadTrainer} amortises across acquisition rounds (paper Algorithm 1): it
 * trains a train-set-conditioned policy on hallucinated next rounds.
 */
package org.batchgfn.gflownet.train;
