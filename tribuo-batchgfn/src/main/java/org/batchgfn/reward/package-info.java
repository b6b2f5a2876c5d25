/**
 * Batch rewards: the utility of acquiring a set of pool points. {@link org.batchgfn.reward.JointMutualInformation}
 * is the exact-GP joint mutual information used by BatchBALD and BatchGFN, with incremental marginal gains in
 * {@link org.batchgfn.reward.MarginalGains}.
 */
package org.batchgfn.reward;
