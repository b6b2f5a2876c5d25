/**
 * Acquisition over an unlabelled pool held in Apache Spark. {@link org.batchgfn.spark.SparkPool} validates a
 * {@code Dataset<Row>} (an integer id column, numeric features) and caches it as one columnar block per partition;
 * a {@link org.batchgfn.spark.DistributedStrategy} ({@link org.batchgfn.spark.SparkRandomAcquisition},
 * {@link org.batchgfn.spark.SparkBaldAcquisition}, {@link org.batchgfn.spark.SparkGreedyBatchBald},
 * {@link org.batchgfn.spark.SparkBatchGfnSampling}) chooses a batch given the GP posterior and labelled set on the
 * driver ({@link org.batchgfn.spark.DistributedProblem}) and returns a {@link org.batchgfn.spark.DistributedBatch}.
 * The per-partition work is tribuo-batchgfn's own block kernels ({@code GainBlock}, {@code TopCandidates}) and
 * onnx-models' sampling step ({@code MaskedCategorical}); the classes here are the thin Spark protocol around them,
 * so each strategy returns exactly the batch of its single-machine counterpart, whatever the partitioning.
 */
package org.batchgfn.spark;
