package org.batchgfn.gflownet.train;

import org.batchgfn.gflownet.policy.ParameterArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

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
    private final Map<String, double[]> firstMoment = new HashMap<>();
    private final Map<String, double[]> secondMoment = new HashMap<>();
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
     * Applies one update. The arithmetic runs on Java arrays (one bulk read and write per parameter) rather than
     * as a dozen small native ops per parameter.
     *
     * @param parameters live parameter arrays by name
     * @param gradients  gradients by the same names, with as many elements as their parameters
     * @throws IllegalArgumentException if a parameter has no gradient or a gradient has the wrong size
     */
    public void update(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
        step++;
        double alpha = learningRate * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray gArr = gradients.get(e.getKey());
            if (gArr == null) {
                throw new IllegalArgumentException("no gradient for parameter " + e.getKey());
            }
            INDArray pArr = e.getValue();
            if (gArr.length() != pArr.length()) {
                throw new IllegalArgumentException("gradient of " + e.getKey() + " has " + gArr.length()
                        + " elements, the parameter " + pArr.length());
            }
            double[] p = ParameterArrays.read(pArr);
            double[] g = ParameterArrays.read(gArr);
            double[] m = firstMoment.computeIfAbsent(e.getKey(), k -> new double[p.length]);
            double[] v = secondMoment.computeIfAbsent(e.getKey(), k -> new double[p.length]);
            for (int i = 0; i < p.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
                p[i] -= alpha * m[i] / (Math.sqrt(v[i]) + EPS);
            }
            ParameterArrays.write(pArr, p);
        }
    }
}
