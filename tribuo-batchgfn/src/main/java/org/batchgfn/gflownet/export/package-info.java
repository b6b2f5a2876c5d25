/**
 * Export of a trained BatchGFN policy to ONNX ({@link org.batchgfn.gflownet.export.PolicyOnnxExporter}), so that it
 * can be served by the onnx-models runtime in any JVM application without Deeplearning4j; a policy conditioned on its
 * training set is exported with the graph taking the training set at sampling time.
 */
package org.batchgfn.gflownet.export;
