package org.batchgfn.gflownet.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2014) with bias correction, updating ND4J parameter arrays in place:
 * {@code m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)}. Each update is ND4J's
 * fused native Adam op (which turns the gradient into the step, in place) and one in-place subtraction per
 * parameter: no element loop in Java, no copy. Holds per-parameter moment arrays, so it is mutable and belongs to
 * one network.
 */
public final class AdamOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final Adam config;
    private final Map<String, GradientUpdater<?>> updaters = new HashMap<>();
    private int step;

    /**
     * @param learningRate the step size, finite and &gt; 0
     */
    public AdamOptimizer(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        this.config = new Adam(learningRate, BETA1, BETA2, EPS);
    }

    /**
     * Applies one update. The gradient arrays are overwritten with the applied steps.
     *
     * @param parameters live parameter arrays by name
     * @param gradients  gradients by the same names, with the parameters' shapes and types
     * @throws IllegalArgumentException if a parameter has no gradient or a gradient has the wrong shape or type
     */
    public void update(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray g = gradients.get(e.getKey());
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter " + e.getKey());
            }
            INDArray p = e.getValue();
            if (!java.util.Arrays.equals(g.shape(), p.shape()) || g.dataType() != p.dataType()) {
                throw new IllegalArgumentException("gradient of " + e.getKey() + " has shape "
                        + java.util.Arrays.toString(g.shape()) + " and type " + g.dataType() + ", the parameter "
                        + java.util.Arrays.toString(p.shape()) + " and " + p.dataType());
            }
        }
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray p = e.getValue();
            INDArray g = gradients.get(e.getKey());
            GradientUpdater<?> u = updaters.computeIfAbsent(e.getKey(), k -> {
                Map<String, INDArray> state = new HashMap<>();
                state.put("M", p.ulike().assign(0));
                state.put("V", p.ulike().assign(0));
                return config.instantiate(state, true);
            });
            u.applyUpdater(g, step, 0);
            p.subi(g);
        }
        step++;
    }
}
