/**
 * Serving a trained BatchGFN policy with ONNX Runtime alone: {@link org.batchgfn.onnx.OnnxPolicy} loads a policy
 * exported by tribuo-batchgfn's {@code PolicyOnnxExporter} and samples batches of distinct pool indices from raw pool
 * features (and, for a policy conditioned on its training set, the raw training features and targets), seedably and
 * thread-safely; {@link org.batchgfn.onnx.MaskedCategorical} is the one definition of the
 * sampling step (a Gumbel-max draw keyed by trajectory seed, step and pool index, {@link org.batchgfn.onnx.SeededKeys}),
 * shared with the training-side sampler and the distributed sampler of spark-acquisition. This package never depends on Deeplearning4j (a Maven
 * enforcer rule fails the build if it does).
 */
package org.batchgfn.onnx;
