package org.batchgfn.gflownet.export;

import org.tribuo.util.onnx.ONNXAttribute;
import org.tribuo.util.onnx.ONNXOperator;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The opset-13 operators the policy graph needs that Tribuo's {@link org.tribuo.util.onnx.ONNXOperators} does not
 * list. None takes attributes.
 */
enum PolicyOnnxOperators implements ONNXOperator {
    /** Element-wise {@code max(x, 0)}. */
    RELU("Relu", 1),
    /** Numpy-style matrix product with broadcasting over leading dimensions (a 1-D right operand is a vector). */
    MATMUL("MatMul", 2),
    /** Removes the size-1 axes listed in its second input (opset 13 form). */
    SQUEEZE("Squeeze", 2),
    /** Element-wise sine (the Fourier input features). */
    SIN("Sin", 1),
    /** Element-wise cosine (the Fourier input features). */
    COS("Cos", 1),
    /** Element-wise maximum of two inputs (with broadcasting). */
    MAX("Max", 2);

    private final String opName;
    private final int numInputs;

    PolicyOnnxOperators(String opName, int numInputs) {
        this.opName = opName;
        this.numInputs = numInputs;
    }

    @Override
    public String getOpName() {
        return opName;
    }

    @Override
    public int getNumInputs() {
        return numInputs;
    }

    @Override
    public int getNumOptionalInputs() {
        return 0;
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public Map<String, ONNXAttribute> getAttributes() {
        return Collections.emptyMap();
    }

    @Override
    public Set<String> getMandatoryAttributeNames() {
        return Collections.emptySet();
    }

    @Override
    public int getOpVersion() {
        return org.batchgfn.onnx.PolicyFormat.OPSET;
    }

    @Override
    public String getOpDomain() {
        return null;
    }
}
