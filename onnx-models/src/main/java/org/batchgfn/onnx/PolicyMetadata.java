package org.batchgfn.onnx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a consumer needs to know about an exported BatchGFN policy, stored as the ONNX model's
 * {@code metadata_props} under the {@code batchgfn.*} keys: the input dimension d, the hidden width H, the batch size B
 * and temperature T it was trained for, the reward's name, the standardisation constants baked into the graph
 * ({@code (x − mean)/scale} per input dimension) and the training provenance as Tribuo (OLCUT) provenance JSON.
 * A policy conditioned on its training set (see {@link PolicyFormat}) also says so ({@link #isConditioned()}) and
 * carries the target standardisation baked into its graph ({@code (y − targetMean)/targetScale}); the training
 * features are standardised with the pool's constants.
 * <p>
 * This class is the one definition of how these values are written ({@link #toProperties()}, used by the exporter)
 * and read ({@link #fromProperties(Map)}, used by the runtime). Immutable.
 */
public final class PolicyMetadata {

    /** Key: format version ({@link PolicyFormat#VERSION}). */
    public static final String KEY_FORMAT_VERSION = "batchgfn.format_version";
    /** Key: input dimension d. */
    public static final String KEY_INPUT_DIMENSION = "batchgfn.input_dimension";
    /** Key: hidden width H. */
    public static final String KEY_HIDDEN_WIDTH = "batchgfn.hidden_width";
    /** Key: number of encoder layers. */
    public static final String KEY_ENCODER_LAYERS = "batchgfn.encoder_layers";
    /** Key: batch size B the policy was trained for. */
    public static final String KEY_BATCH_SIZE = "batchgfn.batch_size";
    /** Key: reward temperature T. */
    public static final String KEY_TEMPERATURE = "batchgfn.temperature";
    /** Key: reward name. */
    public static final String KEY_REWARD = "batchgfn.reward";
    /** Key: per-dimension standardisation means, comma-separated. */
    public static final String KEY_FEATURE_MEAN = "batchgfn.standardization.mean";
    /** Key: per-dimension standardisation scales, comma-separated. */
    public static final String KEY_FEATURE_SCALE = "batchgfn.standardization.scale";
    /** Key: training provenance, Tribuo/OLCUT provenance JSON. */
    public static final String KEY_PROVENANCE = "batchgfn.provenance";
    /** Key (format version 2): {@code true} if the graph takes the training set. */
    public static final String KEY_CONDITIONED = "batchgfn.conditioned";
    /** Key (conditioned policies): the training-target standardisation mean. */
    public static final String KEY_TARGET_MEAN = "batchgfn.target_standardization.mean";
    /** Key (conditioned policies): the training-target standardisation scale. */
    public static final String KEY_TARGET_SCALE = "batchgfn.target_standardization.scale";

    private final int inputDimension;
    private final int hiddenWidth;
    private final int encoderLayers;
    private final int batchSize;
    private final double temperature;
    private final String rewardName;
    private final double[] featureMean;
    private final double[] featureScale;
    private final String provenanceJson;
    private final boolean conditioned;
    private final double targetMean;
    private final double targetScale;

    /**
     * The metadata of an unconditioned policy.
     *
     * @param inputDimension d ≥ 1
     * @param hiddenWidth    H ≥ 1
     * @param encoderLayers  encoder depth ≥ 1
     * @param batchSize      B ≥ 1 the policy was trained for
     * @param temperature    T &gt; 0
     * @param rewardName     the reward's name, non-blank
     * @param featureMean    d standardisation means
     * @param featureScale   d standardisation scales, all &gt; 0
     * @param provenanceJson training provenance JSON (may be "{}" but not null)
     * @throws IllegalArgumentException naming the first invalid value
     */
    public PolicyMetadata(int inputDimension, int hiddenWidth, int encoderLayers, int batchSize, double temperature,
                          String rewardName, double[] featureMean, double[] featureScale, String provenanceJson) {
        this(inputDimension, hiddenWidth, encoderLayers, batchSize, temperature, rewardName, featureMean,
                featureScale, provenanceJson, false, 0.0, 1.0);
    }

    private PolicyMetadata(int inputDimension, int hiddenWidth, int encoderLayers, int batchSize, double temperature,
                           String rewardName, double[] featureMean, double[] featureScale, String provenanceJson,
                           boolean conditioned, double targetMean, double targetScale) {
        if (inputDimension < 1) {
            throw new IllegalArgumentException("input dimension must be >= 1, got " + inputDimension);
        }
        if (hiddenWidth < 1) {
            throw new IllegalArgumentException("hidden width must be >= 1, got " + hiddenWidth);
        }
        if (encoderLayers < 1) {
            throw new IllegalArgumentException("encoder layers must be >= 1, got " + encoderLayers);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (rewardName == null || rewardName.isBlank()) {
            throw new IllegalArgumentException("the reward name must not be blank");
        }
        if (featureMean.length != inputDimension || featureScale.length != inputDimension) {
            throw new IllegalArgumentException("standardisation needs " + inputDimension + " means and scales, got "
                    + featureMean.length + " and " + featureScale.length);
        }
        for (int j = 0; j < inputDimension; j++) {
            if (!Double.isFinite(featureMean[j]) || !(featureScale[j] > 0) || !Double.isFinite(featureScale[j])) {
                throw new IllegalArgumentException("standardisation of input " + j + " is (mean " + featureMean[j]
                        + ", scale " + featureScale[j] + "); the mean must be finite and the scale finite and > 0");
            }
        }
        this.inputDimension = inputDimension;
        this.hiddenWidth = hiddenWidth;
        this.encoderLayers = encoderLayers;
        this.batchSize = batchSize;
        this.temperature = temperature;
        this.rewardName = rewardName;
        this.featureMean = featureMean.clone();
        this.featureScale = featureScale.clone();
        this.provenanceJson = Objects.requireNonNull(provenanceJson, "provenance JSON");
        if (!Double.isFinite(targetMean) || !(targetScale > 0) || !Double.isFinite(targetScale)) {
            throw new IllegalArgumentException("target standardisation is (mean " + targetMean + ", scale "
                    + targetScale + "); the mean must be finite and the scale finite and > 0");
        }
        this.conditioned = conditioned;
        this.targetMean = targetMean;
        this.targetScale = targetScale;
    }

    /**
     * The metadata of the same policy conditioned on its training set, whose graph standardises training targets as
     * {@code (y − targetMean)/targetScale} (the training features like the pool).
     *
     * @param targetMean  the target mean, finite
     * @param targetScale the target scale, finite and &gt; 0
     * @return a conditioned copy
     * @throws IllegalArgumentException if a constant is invalid
     */
    public PolicyMetadata conditioned(double targetMean, double targetScale) {
        return new PolicyMetadata(inputDimension, hiddenWidth, encoderLayers, batchSize, temperature, rewardName,
                featureMean, featureScale, provenanceJson, true, targetMean, targetScale);
    }

    /**
     * Reads the metadata of a model.
     *
     * @param props  the model's {@code metadata_props}
     * @param source the model's name for messages (file name or "bytes")
     * @return the metadata
     * @throws InvalidPolicyModelException naming the missing or malformed key
     */
    public static PolicyMetadata fromProperties(Map<String, String> props, String source)
            throws InvalidPolicyModelException {
        String version = require(props, KEY_FORMAT_VERSION, source);
        boolean v1 = version.equals(Integer.toString(PolicyFormat.UNCONDITIONED_VERSION));
        if (!v1 && !version.equals(Integer.toString(PolicyFormat.VERSION))) {
            throw new InvalidPolicyModelException(source + ": policy format version " + version
                    + " is not supported; this runtime reads versions " + PolicyFormat.UNCONDITIONED_VERSION + " to "
                    + PolicyFormat.VERSION);
        }
        boolean conditioned = !v1 && parseBoolean(props, KEY_CONDITIONED, source);
        try {
            int d = parseInt(props, KEY_INPUT_DIMENSION, source);
            PolicyMetadata m = new PolicyMetadata(d, parseInt(props, KEY_HIDDEN_WIDTH, source),
                    parseInt(props, KEY_ENCODER_LAYERS, source), parseInt(props, KEY_BATCH_SIZE, source),
                    parseDoubles(props, KEY_TEMPERATURE, source)[0], require(props, KEY_REWARD, source),
                    parseDoubles(props, KEY_FEATURE_MEAN, source), parseDoubles(props, KEY_FEATURE_SCALE, source),
                    require(props, KEY_PROVENANCE, source));
            return conditioned ? m.conditioned(parseDoubles(props, KEY_TARGET_MEAN, source)[0],
                    parseDoubles(props, KEY_TARGET_SCALE, source)[0]) : m;
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyModelException(source + ": invalid BatchGFN metadata: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> props, String key, String source)
            throws InvalidPolicyModelException {
        String v = props.get(key);
        if (v == null) {
            throw new InvalidPolicyModelException(source + ": metadata key '" + key + "' is missing; a BatchGFN policy"
                    + " exported by PolicyOnnxExporter carries all batchgfn.* keys (present: " + props.keySet() + ")");
        }
        return v;
    }

    private static int parseInt(Map<String, String> props, String key, String source)
            throws InvalidPolicyModelException {
        String v = require(props, key, source);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidPolicyModelException(source + ": metadata key '" + key + "' is '" + v
                    + "', expected an integer", e);
        }
    }

    private static boolean parseBoolean(Map<String, String> props, String key, String source)
            throws InvalidPolicyModelException {
        String v = require(props, key, source).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidPolicyModelException(source + ": metadata key '" + key + "' is '" + v
                    + "', expected true or false");
        }
        return v.equals("true");
    }

    private static double[] parseDoubles(Map<String, String> props, String key, String source)
            throws InvalidPolicyModelException {
        String v = require(props, key, source);
        String[] parts = v.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidPolicyModelException(source + ": metadata key '" + key + "' is '" + v
                        + "', expected comma-separated numbers", e);
            }
        }
        return out;
    }

    /**
     * The entries, in a fixed order. An unconditioned policy is written in format version
     * {@value PolicyFormat#UNCONDITIONED_VERSION} without the conditioning keys (exactly as before conditioning
     * existed), a conditioned one in version {@value PolicyFormat#VERSION} with them.
     *
     * @return the metadata as {@code metadata_props} entries (doubles written so they read back exactly)
     */
    public Map<String, String> toProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(KEY_FORMAT_VERSION, Integer.toString(formatVersion()));
        out.put(KEY_INPUT_DIMENSION, Integer.toString(inputDimension));
        out.put(KEY_HIDDEN_WIDTH, Integer.toString(hiddenWidth));
        out.put(KEY_ENCODER_LAYERS, Integer.toString(encoderLayers));
        out.put(KEY_BATCH_SIZE, Integer.toString(batchSize));
        out.put(KEY_TEMPERATURE, Double.toString(temperature));
        out.put(KEY_REWARD, rewardName);
        out.put(KEY_FEATURE_MEAN, join(featureMean));
        out.put(KEY_FEATURE_SCALE, join(featureScale));
        out.put(KEY_PROVENANCE, provenanceJson);
        if (conditioned) {
            out.put(KEY_CONDITIONED, "true");
            out.put(KEY_TARGET_MEAN, Double.toString(targetMean));
            out.put(KEY_TARGET_SCALE, Double.toString(targetScale));
        }
        return out;
    }

    /**
     * @return the format version this policy's file is written in: {@value PolicyFormat#VERSION} if conditioned,
     *         {@value PolicyFormat#UNCONDITIONED_VERSION} otherwise
     */
    public int formatVersion() {
        return conditioned ? PolicyFormat.VERSION : PolicyFormat.UNCONDITIONED_VERSION;
    }

    private static String join(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.toString();
    }

    /** @return d, the number of features per pool point */
    public int inputDimension() {
        return inputDimension;
    }

    /** @return H */
    public int hiddenWidth() {
        return hiddenWidth;
    }

    /** @return the number of encoder layers */
    public int encoderLayers() {
        return encoderLayers;
    }

    /** @return the batch size B the policy was trained for */
    public int batchSize() {
        return batchSize;
    }

    /** @return the reward temperature T the policy was trained at */
    public double temperature() {
        return temperature;
    }

    /** @return the reward's name, e.g. {@code "jmi"} */
    public String rewardName() {
        return rewardName;
    }

    /** @return a copy of the per-dimension means subtracted inside the graph */
    public double[] featureMean() {
        return featureMean.clone();
    }

    /** @return a copy of the per-dimension scales divided by inside the graph */
    public double[] featureScale() {
        return featureScale.clone();
    }

    /** @return the training provenance, Tribuo/OLCUT provenance JSON */
    public String provenanceJson() {
        return provenanceJson;
    }

    /**
     * @return whether the policy is conditioned on a training set, so that sampling needs the training features and
     *         targets ({@link OnnxPolicy#encode(double[][], double[][], double[])})
     */
    public boolean isConditioned() {
        return conditioned;
    }

    /**
     * @return the mean subtracted from training targets inside the graph
     * @throws IllegalStateException if the policy is not conditioned
     */
    public double targetMean() {
        requireConditioned();
        return targetMean;
    }

    /**
     * @return the scale training targets are divided by inside the graph
     * @throws IllegalStateException if the policy is not conditioned
     */
    public double targetScale() {
        requireConditioned();
        return targetScale;
    }

    private void requireConditioned() {
        if (!conditioned) {
            throw new IllegalStateException("this policy is not conditioned on a training set: it has no target"
                    + " standardisation");
        }
    }

    @Override
    public String toString() {
        return "PolicyMetadata(d=" + inputDimension + ", H=" + hiddenWidth + ", layers=" + encoderLayers + ", B="
                + batchSize + ", T=" + temperature + ", reward=" + rewardName + ", mean="
                + Arrays.toString(featureMean) + ", scale=" + Arrays.toString(featureScale)
                + (conditioned ? ", conditioned, target mean=" + targetMean + ", target scale=" + targetScale : "")
                + ")";
    }
}
