/**
 * Export of a trained BatchGFN policy to ONNX ({@link org.batchgfn.gflownet.export.PolicyOnnxExporter}), so that it
 * can be served by the onnx-models runtime in any JVM application without Deeplearning4j.
 */
package org.batchgfn.gflownet.export;
