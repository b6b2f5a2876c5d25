/**
 * The pool-based batch active-learning loop ({@link org.batchgfn.loop.ActiveLearningLoop}): retrain the GP on all
 * labels, acquire a batch with a strategy, query the {@link org.batchgfn.loop.Oracle}, score on a test set, and
 * report each round as a {@link org.batchgfn.loop.RoundResult} to an
 * {@link org.batchgfn.loop.ActiveLearningListener}.
 */
package org.batchgfn.loop;
