/**
 * Training the BatchGFN policy: sample trajectories with the current policy (ε-exploration), then one batched
 * forward-backward pass of the SubTB loss over all their states and an Adam step; plus the per-step cost model.
 */
package org.batchgfn.gflownet.train;
