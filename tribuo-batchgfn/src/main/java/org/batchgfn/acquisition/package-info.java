/**
 * Batch acquisition strategies: given the unlabelled pool and the GP posterior
 * ({@link org.batchgfn.problem.AcquisitionProblem}), choose B distinct pool points to label next.
 * Baselines: {@link org.batchgfn.acquisition.RandomAcquisition}, {@link org.batchgfn.acquisition.BaldAcquisition},
 * {@link org.batchgfn.acquisition.StochasticBaldAcquisition}, {@link org.batchgfn.acquisition.GreedyBatchBald}
 * (BatchBALD by rank-1 marginal gains) and the small-pool reference
 * {@link org.batchgfn.acquisition.ExhaustiveBatchSearch}. The strongest regression baselines of Holzmüller et al.
 * (JMLR 2023) are kernel-based rules ({@link org.batchgfn.acquisition.KernelBatchAcquisition}: a selection kernel,
 * prior or posterior, and a mode, TP or P): {@link org.batchgfn.acquisition.MaxDist},
 * {@link org.batchgfn.acquisition.KMeansPlusPlus} and {@link org.batchgfn.acquisition.Lcmd} (centre-based, one
 * loop in {@link org.batchgfn.acquisition.CentreBasedAcquisition}) and {@link org.batchgfn.acquisition.Bait}.
 */
package org.batchgfn.acquisition;
