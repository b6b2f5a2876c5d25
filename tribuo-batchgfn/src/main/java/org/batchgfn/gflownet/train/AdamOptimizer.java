package org.batchgfn.gflownet.train;

import org.batchgfn.gflownet.policy.FlushToZero;
import org.batchgfn.gflownet.policy.ParameterArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2014) with bias correction, updating ND4J parameter arrays in place:
 * {@code m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)}. The parameters are
 * updated as one flat vector: their gradients and values are copied (bulk copies, no arithmetic) into two flat ND4J
 * arrays laid out in the parameters' order, ND4J's fused native Adam op turns the flat gradient into the step in place,
 * one in-place subtraction applies it, and the values are copied back. Two native calls per update instead of two per
 * parameter array: a native call costs tens of microseconds whatever its size, which at the default width made the
 * per-array update (13 arrays of 20 000 entries in all) cost 1.05 ms against 0.17 ms flat. The op is element-wise, so
 * every entry gets the same value as the per-array update would give.
 * <p>
 * Both native ops (ND4J's {@code adam_updater} custom op, the one {@link org.nd4j.linalg.learning.AdamUpdater} runs,
 * and {@code subtract}, the one {@link INDArray#subi} runs) are built once, with an {@link OpContext} that holds their
 * arrays and fixed arguments; an update sets the iteration and executes them. Building an op and its context at every
 * call, as {@code applyUpdater} and {@code subi} do, costs tens of microseconds per call on top of the arithmetic: the
 * three optimisers of a default training step (14 700, 4 300 and 64 entries) took 260–270 µs per step that way
 * against 149–155 µs with the kept ops (best of 60 rounds of 100 steps, one thread, this project's Intel machine,
 * December 2026). The ops, arrays and arguments are the same, so are the results (bit for bit, checked there and by a
 * 300-step training run's parameters).
 * Holds the flat moment arrays and the ops, so it is mutable and belongs to one set of parameters (same names and
 * shapes at every update); not thread-safe.
 */
public final class AdamOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double learningRate;
    private int step;
    /** The parameters' names and shapes at the first update (the layout of the flat arrays, of their data type). */
    private String[] names;
    private long[][] shapes;
    private INDArray flatParameters;
    private INDArray flatGradients;
    /** Adam's state, first and second moments (the arrays its op updates in place). */
    private INDArray[] moments;
    /** The Adam op on the flat gradient and the moments, in place (the gradient becomes the step), and its context. */
    private CustomOp adam;
    private OpContext adamContext;
    /** {@code flatParameters −= flatGradients}, and its context. */
    private CustomOp subtract;
    private OpContext subtractContext;
    private float[] floats;
    private double[] doubles;

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
     * Applies one update to the parameters (in place). The gradient arrays are not modified.
     *
     * @param parameters live parameter arrays by name (one data type, FLOAT or DOUBLE)
     * @param gradients  gradients by the same names, with the parameters' shapes and types
     * @throws IllegalArgumentException if a parameter has no gradient, a gradient has the wrong shape or type, the
     *                                  parameters mix data types, or they are not the names and shapes of the
     *                                  first update
     */
    public void update(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
        DataType first = null;
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray g = gradients.get(e.getKey());
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter " + e.getKey());
            }
            INDArray p = e.getValue();
            if (!Arrays.equals(g.shape(), p.shape()) || g.dataType() != p.dataType()) {
                throw new IllegalArgumentException("gradient of " + e.getKey() + " has shape "
                        + Arrays.toString(g.shape()) + " and type " + g.dataType() + ", the parameter "
                        + Arrays.toString(p.shape()) + " and " + p.dataType());
            }
            if (first == null) {
                first = p.dataType();
            } else if (p.dataType() != first) {
                throw new IllegalArgumentException("parameters mix data types: " + e.getKey() + " is "
                        + p.dataType() + ", an earlier one " + first);
            }
        }
        if (parameters.isEmpty()) {
            step++;
            return;
        }
        if (names == null) {
            layOut(parameters, first);
        } else {
            checkLayout(parameters, first);
        }
        gather(parameters, flatParameters);
        gather(gradients, flatGradients);
        adamContext.setIArguments(step);
        Nd4j.getExecutioner().exec(adam, adamContext);
        flushMoments();
        Nd4j.getExecutioner().exec(subtract, subtractContext);
        scatter(flatParameters, parameters);
        step++;
    }

    private void layOut(Map<String, INDArray> parameters, DataType dataType) {
        names = parameters.keySet().toArray(new String[0]);
        shapes = new long[names.length][];
        long total = 0;
        for (int i = 0; i < names.length; i++) {
            INDArray p = parameters.get(names[i]);
            shapes[i] = p.shape();
            total += p.length();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many parameters for one flat update: " + total);
        }
        flatParameters = Nd4j.create(dataType, total);
        flatGradients = Nd4j.create(dataType, total);
        moments = new INDArray[]{Nd4j.zeros(dataType, total), Nd4j.zeros(dataType, total)};
        INDArray m = moments[0];
        INDArray v = moments[1];
        // The ops name the native kernels; their contexts alone hold the arrays and arguments: inputs (gradient, v, m)
        // and outputs (step, v, m) in place, lr, β₁, β₂, ε, and the iteration set at each update.
        adam = new AdamUpdater();
        adamContext = Nd4j.getExecutioner().buildContext();
        adamContext.setInputArrays(flatGradients, v, m);
        adamContext.setOutputArrays(flatGradients, v, m);
        adamContext.setTArguments(learningRate, BETA1, BETA2, EPS);
        subtract = new SubOp();
        subtractContext = Nd4j.getExecutioner().buildContext();
        subtractContext.setInputArrays(flatParameters, flatGradients);
        subtractContext.setOutputArrays(flatParameters);
        if (dataType == DataType.FLOAT) {
            floats = new float[(int) total];
        } else {
            doubles = new double[(int) total];
        }
    }

    /**
     * Float32 moments only: sets their subnormal entries to 0 ({@link FlushToZero}). A moment of a parameter whose
     * gradient has become 0 (a unit no point activates) decays towards 0 and stays a few units of the last place
     * above it, where every later update of it cost a microcode assist on Intel cores (measured in the toy task's
     * parity run: 6% and 45% of two optimisers' first moments, and ND4J's Adam op 0.5 ms per step for 19 000
     * entries). A Java scan of the two arrays (bulk copies; written back only if something changed) costs far less.
     */
    private void flushMoments() {
        if (floats == null) {
            return;
        }
        for (INDArray m : moments) {
            ParameterArrays.readFloats(m, floats);
            if (FlushToZero.flush(floats, floats.length)) {
                ParameterArrays.writeFloats(floats, m);
            }
        }
    }

    /** @return copies of the first and second moments (float32 layouts only; null before the first update) */
    float[][] moments() {
        if (moments == null) {
            return null;
        }
        return new float[][]{ParameterArrays.readFloats(moments[0], new float[floats.length]),
            ParameterArrays.readFloats(moments[1], new float[floats.length])};
    }

    private void checkLayout(Map<String, INDArray> parameters, DataType dataType) {
        DataType type = flatParameters.dataType();
        boolean same = dataType == type && parameters.size() == names.length;
        int i = 0;
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            if (!same) {
                break;
            }
            same = e.getKey().equals(names[i]) && Arrays.equals(e.getValue().shape(), shapes[i]);
            i++;
        }
        if (!same) {
            throw new IllegalArgumentException("this optimiser's moments belong to parameters " + Arrays.toString(names)
                    + " (" + type + "), not " + parameters.keySet() + " (" + dataType + ")");
        }
    }

    /** Copies the arrays, in layout order, into the flat array. */
    private void gather(Map<String, INDArray> arrays, INDArray flat) {
        int at = 0;
        for (String name : names) {
            INDArray a = arrays.get(name);
            int len = (int) a.length();
            if (floats != null) {
                ParameterArrays.readFloats(a, floats, at);
            } else {
                System.arraycopy(ParameterArrays.read(a), 0, doubles, at, len);
            }
            at += len;
        }
        if (floats != null) {
            ParameterArrays.writeFloats(floats, flat);
        } else {
            ParameterArrays.write(flat, doubles);
        }
    }

    /** Copies the flat array back into the arrays, in layout order. */
    private void scatter(INDArray flat, Map<String, INDArray> arrays) {
        double[] all = null;
        if (floats != null) {
            ParameterArrays.readFloats(flat, floats);
        } else {
            all = ParameterArrays.read(flat);
        }
        int at = 0;
        for (String name : names) {
            INDArray a = arrays.get(name);
            int len = (int) a.length();
            if (floats != null) {
                ParameterArrays.writeFloats(floats, at, a);
            } else {
                ParameterArrays.write(a, Arrays.copyOfRange(all, at, at + len));
            }
            at += len;
        }
    }
}
