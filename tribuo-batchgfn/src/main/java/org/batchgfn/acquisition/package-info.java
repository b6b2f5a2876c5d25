/**
 * Batch acquisition strategies: given the unlabelled pool and the GP posterior
 * ({@link org.batchgfn.problem.AcquisitionProblem}), choose B distinct pool points to label next.
 * Baselines: {@link org.batchgfn.acquisition.RandomAcquisition}, {@link org.batchgfn.acquisition.BaldAcquisition},
 * {@link org.batchgfn.acquisition.StochasticBaldAcquisition}, {@link org.batchgfn.acquisition.GreedyBatchBald}
 * (BatchBALD by rank-1 marginal gains) and the small-pool reference
 * {@link org.batchgfn.acquisition.ExhaustiveBatchSearch}.
 */
package org.batchgfn.acquisition;
