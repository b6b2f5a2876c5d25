/**
 * Programs around the ONNX export: {@link org.batchgfn.bench.onnx.ToyPolicyExport} regenerates the toy-task policy
 * shipped in onnx-models.
 */
package org.batchgfn.bench.onnx;
