/**
 * Experiment drivers for the BatchGFN sampler: fidelity (exact JSD on enumerable pools), speed (trajectories/s and
 * achieved FLOP/s at N = 2000, B = 10) and quality (best-of-K JMI against greedy BatchBALD). Each is a small main
 * class printing tab-separated results; none is a test. {@link org.batchgfn.bench.gflownet.AcquisitionTransfer} is
 * the set-up of the {@code transfer} bench experiment (one acquisition, three ways to carry the policy over).
 */
package org.batchgfn.bench.gflownet;
