/**
 * The acquisition problem shared by the strategies ({@code org.batchgfn.acquisition}) and the GFlowNet
 * ({@code org.batchgfn.gflownet}): the pool, the labelled data, the GP posterior and the batch reward
 * ({@link org.batchgfn.problem.AcquisitionProblem}), and a hypothetical labelling of a batch
 * ({@link org.batchgfn.problem.HallucinatedAcquisition}). Both packages import this one and it imports neither, so
 * {@code acquisition} may use {@code gflownet} without a package cycle ({@code PackageDependencyTest} keeps it so).
 */
package org.batchgfn.problem;
