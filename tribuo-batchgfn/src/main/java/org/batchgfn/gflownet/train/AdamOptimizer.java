package org.batchgfn.gflownet.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2014) with bias correction, updating ND4J parameter arrays in place:
 * {@code m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)}.
 * Holds per-parameter moment state, so it is mutable and belongs to one network.
 */
public final class AdamOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double learningRate;
    private final Map<String, INDArray> firstMoment = new HashMap<>();
    private final Map<String, INDArray> secondMoment = new HashMap<>();
    private int step;

    /**
     * @param learningRate the step size, finite and &gt; 0
     */
    public AdamOptimizer(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /**
     * Applies one update.
     *
     * @param parameters live parameter arrays by name
     * @param gradients  gradients by the same names
     * @throws IllegalArgumentException if a parameter has no gradient
     */
    public void update(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
        step++;
        double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray g = gradients.get(e.getKey());
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter " + e.getKey());
            }
            INDArray p = e.getValue();
            INDArray m = firstMoment.computeIfAbsent(e.getKey(), k -> p.ulike());
            INDArray v = secondMoment.computeIfAbsent(e.getKey(), k -> p.ulike());
            g = g.reshape(p.shape());
            m.muli(BETA1).addi(g.mul(1 - BETA1));
            v.muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
            p.subi(m.mul(alpha).divi(Transforms.sqrt(v, true).addi(EPS)));
        }
    }
}
