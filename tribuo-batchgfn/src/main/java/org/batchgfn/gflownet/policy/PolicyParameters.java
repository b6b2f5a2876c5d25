package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The policy network's parameter store: the one place that names the parameters (the training engine, the
 * optimiser groups and the ONNX exporter all use these names), draws their initial values and copies them. Each is
 * a float32, contiguous, c-ordered ND4J array that the optimiser updates in place.
 * <p>
 * Names and shapes, in this order (H the width, F the encoder input width, L the encoder depth):
 * {@code enc_w0 (F×H), enc_b0 (1×H), …, enc_w{L−1}, enc_b{L−1}, head_wx (H×H), head_wc (H×H), head_b (1×H),
 * head_out (H×1), flow_w0 (H×H), flow_b0 (1×H), flow_out (H×1), flow_bias (1×1)}, then for a train-set-conditioned
 * network {@code train_w0 ((F+1)×H), train_b0, …, head_wt (H×H), flow_wt (H×H)}. Weights are He-uniform (limit
 * {@code √(6/fanIn)}, the head's first layer with the fan-in of its concatenated input), biases zero, drawn in this
 * order from one {@link SplittableRandom}, so a seed fixes the network. Mutable (the arrays are trained in place).
 */
public final class PolicyParameters {

    /** Policy head, point part of the first layer: {@code W₁} of {@code A = E W₁ + b}. */
    public static final String HEAD_POINT_WEIGHT = "head_wx";
    /** Policy head, state part of the first layer: {@code W₂} of {@code G = C W₂}. */
    public static final String HEAD_STATE_WEIGHT = "head_wc";
    /** Policy head, first-layer bias {@code b}. */
    public static final String HEAD_BIAS = "head_b";
    /** Policy head, output layer {@code v} of {@code logit = v · relu(…)}. */
    public static final String HEAD_OUT = "head_out";
    /** Log-flow head, hidden layer {@code U}. */
    public static final String FLOW_WEIGHT = "flow_w0";
    /** Log-flow head, hidden bias {@code a}. */
    public static final String FLOW_BIAS = "flow_b0";
    /** Log-flow head, output layer {@code u}. */
    public static final String FLOW_OUT = "flow_out";
    /** Log-flow head, output bias {@code a₀}. */
    public static final String FLOW_OUT_BIAS = "flow_bias";
    /** Conditioned networks: the train-set context's weight in the policy head's first layer, {@code W₃}. */
    public static final String HEAD_TRAIN_WEIGHT = "head_wt";
    /** Conditioned networks: the train-set context's weight in the flow head's first layer, {@code U₃}. */
    public static final String FLOW_TRAIN_WEIGHT = "flow_wt";

    private final Map<String, INDArray> arrays = new LinkedHashMap<>();
    private final Map<String, INDArray> view = Collections.unmodifiableMap(arrays);

    /**
     * @param layer encoder layer l
     * @return the name of the pool encoder's weight of that layer
     */
    public static String encoderWeight(int layer) {
        return "enc_w" + layer;
    }

    /**
     * @param layer encoder layer l
     * @return the name of the pool encoder's bias of that layer
     */
    public static String encoderBias(int layer) {
        return "enc_b" + layer;
    }

    /**
     * @param layer encoder layer l
     * @return the name of the train-set encoder's weight of that layer
     */
    public static String trainingEncoderWeight(int layer) {
        return "train_w" + layer;
    }

    /**
     * @param layer encoder layer l
     * @return the name of the train-set encoder's bias of that layer
     */
    public static String trainingEncoderBias(int layer) {
        return "train_b" + layer;
    }

    /**
     * @param name a parameter name
     * @return whether it belongs to the log-flow head ({@code flow_*}), which trains with its own rate
     */
    public static boolean isFlowHead(String name) {
        return name.startsWith("flow_");
    }

    /**
     * @param name a parameter name
     * @return whether it is the policy head's output layer {@code v}, which trains with its own rate
     */
    public static boolean isLogitLayer(String name) {
        return name.equals(HEAD_OUT);
    }

    /**
     * Draws a network's initial parameters.
     *
     * @param architecture      width and depth
     * @param encoderInputWidth F, the width of the pool encoder's input
     * @param conditioned       whether to add the train-set encoder and the context weights
     * @param rng               source of the initial weights
     * @return the parameters
     */
    public static PolicyParameters initialise(PolicyArchitecture architecture, int encoderInputWidth,
                                              boolean conditioned, SplittableRandom rng) {
        PolicyParameters p = new PolicyParameters();
        int h = architecture.hiddenWidth();
        int fanIn = encoderInputWidth;
        for (int l = 0; l < architecture.encoderLayers(); l++) {
            p.put(encoderWeight(l), heUniform(rng, fanIn, fanIn, h));
            p.put(encoderBias(l), new double[1][h]);
            fanIn = h;
        }
        p.put(HEAD_POINT_WEIGHT, heUniform(rng, 2 * h, h, h));
        p.put(HEAD_STATE_WEIGHT, heUniform(rng, 2 * h, h, h));
        p.put(HEAD_BIAS, new double[1][h]);
        p.put(HEAD_OUT, heUniform(rng, h, h, 1));
        p.put(FLOW_WEIGHT, heUniform(rng, h, h, h));
        p.put(FLOW_BIAS, new double[1][h]);
        p.put(FLOW_OUT, heUniform(rng, h, h, 1));
        p.put(FLOW_OUT_BIAS, new double[1][1]);
        if (conditioned) {
            fanIn = encoderInputWidth + 1;
            for (int l = 0; l < architecture.encoderLayers(); l++) {
                p.put(trainingEncoderWeight(l), heUniform(rng, fanIn, fanIn, h));
                p.put(trainingEncoderBias(l), new double[1][h]);
                fanIn = h;
            }
            p.put(HEAD_TRAIN_WEIGHT, heUniform(rng, 3 * h, h, h));
            p.put(FLOW_TRAIN_WEIGHT, heUniform(rng, 2 * h, h, h));
        }
        return p;
    }

    private void put(String name, double[][] init) {
        int cols = init[0].length;
        double[] flat = new double[init.length * cols];
        for (int r = 0; r < init.length; r++) {
            System.arraycopy(init[r], 0, flat, r * cols, cols);
        }
        arrays.put(name, ParameterArrays.create(flat, DataType.FLOAT, init.length, cols));
    }

    private static double[][] heUniform(SplittableRandom rng, int fanIn, int rows, int cols) {
        double limit = Math.sqrt(6.0 / fanIn);
        double[][] w = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r][c] = (2 * rng.nextDouble() - 1) * limit;
            }
        }
        return w;
    }

    /**
     * @param layers the encoder depth L
     * @return the pool encoder's live weights {@code W₀ … W_{L−1}}, in layer order
     */
    public INDArray[] encoderWeights(int layers) {
        return layerArrays(layers, true, false);
    }

    /**
     * @param layers the encoder depth L
     * @return the pool encoder's live biases {@code b₀ … b_{L−1}}, in layer order
     */
    public INDArray[] encoderBiases(int layers) {
        return layerArrays(layers, false, false);
    }

    /**
     * @param layers the encoder depth L
     * @return the train-set encoder's live weights, in layer order
     */
    public INDArray[] trainingEncoderWeights(int layers) {
        return layerArrays(layers, true, true);
    }

    /**
     * @param layers the encoder depth L
     * @return the train-set encoder's live biases, in layer order
     */
    public INDArray[] trainingEncoderBiases(int layers) {
        return layerArrays(layers, false, true);
    }

    /**
     * The same per-layer selection from any map keyed by parameter name (for example a map of gradients).
     *
     * @param arrays       arrays by parameter name
     * @param layers       the encoder depth L
     * @param weights      weights (true) or biases (false)
     * @param trainingSet  the train-set encoder (true) or the pool encoder (false)
     * @return the arrays of layers 0 … L−1
     */
    public static INDArray[] layers(Map<String, INDArray> arrays, int layers, boolean weights, boolean trainingSet) {
        INDArray[] out = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            String name = trainingSet ? (weights ? trainingEncoderWeight(l) : trainingEncoderBias(l))
                    : (weights ? encoderWeight(l) : encoderBias(l));
            out[l] = arrays.get(name);
        }
        return out;
    }

    private INDArray[] layerArrays(int layers, boolean weights, boolean trainingSet) {
        INDArray[] out = layers(arrays, layers, weights, trainingSet);
        for (int l = 0; l < layers; l++) {
            if (out[l] == null) {
                throw new IllegalArgumentException("no " + (trainingSet ? "train-set " : "") + "encoder "
                        + (weights ? "weight" : "bias") + " for layer " + l + "; have " + arrays.keySet());
            }
        }
        return out;
    }

    /** @return the live arrays by name, in the order of the class comment (unmodifiable map) */
    public Map<String, INDArray> arrays() {
        return view;
    }

    /**
     * @param name a parameter name
     * @return its live array
     * @throws IllegalArgumentException if there is no such parameter
     */
    public INDArray get(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name + "; have " + arrays.keySet());
        }
        return a;
    }

    /**
     * @param name a parameter name
     * @return a copy of its values, row-major
     */
    public float[] values(String name) {
        INDArray a = get(name);
        return ParameterArrays.readFloats(a, new float[(int) a.length()]);
    }

    /**
     * Overwrites every parameter with another store's values.
     *
     * @param other a store with the same names and shapes
     * @throws IllegalArgumentException if names or shapes differ
     */
    public void copyFrom(PolicyParameters other) {
        if (!arrays.keySet().equals(other.arrays.keySet())) {
            throw new IllegalArgumentException("parameter sets differ: " + arrays.keySet() + " vs "
                    + other.arrays.keySet());
        }
        for (Map.Entry<String, INDArray> p : arrays.entrySet()) {
            INDArray src = other.arrays.get(p.getKey());
            if (!Arrays.equals(p.getValue().shape(), src.shape())) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " has shape "
                        + Arrays.toString(src.shape()) + ", expected " + Arrays.toString(p.getValue().shape()));
            }
            p.getValue().assign(src);
        }
    }
}
