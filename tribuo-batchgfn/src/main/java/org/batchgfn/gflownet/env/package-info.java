/**
 * The set-construction environment of BatchGFN: states are subsets of the pool of size at most B, an action adds
 * one point not yet chosen, and subsets of size B are terminal. Many orderings reach the same set, so the state
 * graph is a DAG, not a tree.
 */
package org.batchgfn.gflownet.env;
