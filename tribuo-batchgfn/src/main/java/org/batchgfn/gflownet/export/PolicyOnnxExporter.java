package org.batchgfn.gflownet.export;

import ai.onnx.proto.OnnxMl;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicyParameters;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.policy.TrainingPairs;
import org.batchgfn.onnx.PolicyFormat;
import org.batchgfn.onnx.PolicyMetadata;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Exports the forward policy of a trained {@link PolicyNetwork} to a standard ONNX model (opset
 * {@value PolicyFormat#OPSET}, built with Tribuo's ONNX writer) that the onnx-models runtime
 * ({@code org.batchgfn.onnx.OnnxPolicy}) or any ONNX consumer can run without Deeplearning4j.
 * <p>
 * The graph has the two entry points described in {@link PolicyFormat}: a pool encoder run once per pool (raw features
 * → standardised with the constants of the training pool, baked in → encoder → embeddings and point projections) and
 * a per-step head (point projections + context → logits). Splitting saves the encoder's {@code N·(d·H + L·H²)} work
 * at every step: a trajectory of B steps runs the encoder once and the {@code O(N·H)} head B times (measured by
 * {@code PolicySamplingBenchmark}: N = 2000, B = 10, H = 256, one batch 34 ms split against 204 ms with the encoder
 * re-run per step, on 2 loaded cores). The log-flow head is not exported: it is needed for training only.
 * <p>
 * A policy conditioned on its training set ({@link PolicyNetwork#isConditioned()}, carry-over mode {@code LOOKAHEAD})
 * is exported with its {@link TrainingPairs} ({@link #export(PolicyNetwork, TrainingPairs, double, String,
 * ObjectProvenance)}): its pool encoder also takes the raw training features and targets, standardises them with the
 * pairs' constants (baked in, like the pool's), averages their train-set encoder embeddings into {@code t} and adds
 * the head's first-layer term {@code W₃ t} to the point projections. The training set the network was last
 * conditioned on is not part of the file: the consumer passes the current one at sampling time, so one exported
 * policy serves every round of an active-learning run. The per-step head is the same as in an unconditioned graph, as in the JVM's
 * {@link org.batchgfn.gflownet.policy.PolicySnapshot}.
 * <p>
 * The model's {@code metadata_props} carry {@link PolicyMetadata}: d, H, encoder depth, B, T, the reward's name, the
 * standardisation constants (with the target constants, and the flag, of a conditioned policy) and the training
 * provenance as Tribuo/OLCUT provenance JSON. An unconditioned policy is written in format version
 * {@value PolicyFormat#UNCONDITIONED_VERSION}, exactly as before conditioning could be exported; a conditioned one in
 * version {@value PolicyFormat#VERSION}.
 */
public final class PolicyOnnxExporter {

    private static final long IR_VERSION = 7; // the IR version of opset 13

    private PolicyOnnxExporter() {
    }

    /**
     * Builds the ONNX model of an unconditioned network's current forward policy.
     *
     * @param network            the trained policy network (its parameters are read, not changed)
     * @param standardizer       the standardisation applied to the pool the network was trained on
     * @param temperature        the reward temperature T it was trained at
     * @param rewardName         the reward's name (e.g. {@code BatchReward.name()})
     * @param trainingProvenance provenance of the training run (e.g. the acquisition strategy's configuration)
     * @return the model
     * @throws IllegalArgumentException if the network is conditioned on a training set (export it with its
     *                                  {@link TrainingPairs}), the standardiser's dimension differs from the
     *                                  network's input dimension or a parameter is missing or misshapen
     */
    public static OnnxMl.ModelProto export(PolicyNetwork network, PoolStandardizer standardizer, double temperature,
                                           String rewardName, ObjectProvenance trainingProvenance) {
        if (network.isConditioned()) {
            throw new IllegalArgumentException("this policy is conditioned on its training set: export it with the"
                    + " TrainingPairs it was trained with, export(network, pairs, ...), so that the graph can"
                    + " standardise and encode the training set");
        }
        return build(network, standardizer, null, temperature, rewardName, trainingProvenance);
    }

    /**
     * Builds the ONNX model of a training-set-conditioned network's current forward policy: the graph takes the raw
     * training features and targets besides the pool (see the class comment and {@link PolicyFormat}).
     *
     * @param network            the trained conditioned policy network (its parameters are read, not changed)
     * @param pairs              the standardisation of training pairs the network was trained with; its feature
     *                           standardiser is that of the pool
     * @param temperature        the reward temperature T it was trained at
     * @param rewardName         the reward's name
     * @param trainingProvenance provenance of the training run
     * @return the model
     * @throws IllegalArgumentException if the network is not conditioned (use
     *                                  {@link #export(PolicyNetwork, PoolStandardizer, double, String,
     *                                  ObjectProvenance)}), the pairs' dimension differs from the network's input
     *                                  dimension or a parameter is missing or misshapen
     */
    public static OnnxMl.ModelProto export(PolicyNetwork network, TrainingPairs pairs, double temperature,
                                           String rewardName, ObjectProvenance trainingProvenance) {
        if (!network.isConditioned()) {
            throw new IllegalArgumentException("this policy is not conditioned on a training set: export it with its"
                    + " PoolStandardizer, export(network, standardizer, ...)");
        }
        return build(network, pairs.features(), pairs, temperature, rewardName, trainingProvenance);
    }

    /** The graph of either kind; {@code pairs} is null for an unconditioned network. */
    private static OnnxMl.ModelProto build(PolicyNetwork network, PoolStandardizer standardizer, TrainingPairs pairs,
                                           double temperature, String rewardName,
                                           ObjectProvenance trainingProvenance) {
        int d = network.inputDimension();
        int h = network.architecture().hiddenWidth();
        int layers = network.architecture().encoderLayers();
        if (standardizer.dimension() != d) {
            throw new IllegalArgumentException("the standardiser has " + standardizer.dimension()
                    + " dimensions but the network takes " + d + " features");
        }
        PolicyMetadata metadata = new PolicyMetadata(d, h, layers, network.batchSize(), temperature, rewardName,
                standardizer.mean(), standardizer.scale(),
                new JsonProvenanceSerialization(false).marshalAndSerialize(trainingProvenance));
        if (pairs != null) {
            metadata = metadata.conditioned(pairs.targetMean(), pairs.targetScale());
        }
        Map<String, INDArray> params = network.parameters();

        ONNXContext ctx = new ONNXContext();
        ctx.setName("batchgfn_policy");
        ONNXPlaceholder pool = ctx.floatInput(PolicyFormat.POOL, d);
        ONNXPlaceholder pointProjectionIn = ctx.floatInput(PolicyFormat.POINT_PROJECTION, h);
        ONNXPlaceholder context = ctx.floatInput(PolicyFormat.CONTEXT, h);
        ONNXPlaceholder embeddingsOut = ctx.floatOutput(PolicyFormat.EMBEDDINGS, h);
        ONNXPlaceholder projectionOut = ctx.floatOutput(PolicyFormat.POOL_PROJECTION, h);
        ONNXPlaceholder logitsOut = ctx.floatOutput(PolicyFormat.LOGITS, 1);

        // Pool encoder: standardise with the training pool's constants, then L ReLU layers, then the head's point part.
        ONNXInitializer featureMean = ctx.array("feature_mean", standardizer.mean());
        ONNXRef<?> centred = pool.apply(ONNXOperators.SUB, featureMean);
        ONNXInitializer featureScale = ctx.array("feature_scale", standardizer.scale());
        ONNXInitializer frequencies = fourierFrequencies(ctx, network.architecture().inputFeatures(), d);
        ONNXRef<?> e = encoder(ctx, params,
                inputFeatures(ctx, frequencies, centred.apply(ONNXOperators.DIV, featureScale), "pool"), PolicyParameters::encoderWeight, PolicyParameters::encoderBias,
                network.encoderInputWidth(), h, layers);
        e.assignTo(embeddingsOut);
        ONNXRef<?> projection = e.apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, PolicyParameters.HEAD_POINT_WEIGHT, h, h))
                .apply(ONNXOperators.ADD, vector(ctx, params, PolicyParameters.HEAD_BIAS, h));
        if (pairs != null) {
            projection = projection.apply(ONNXOperators.ADD,
                    trainingSetShift(ctx, params, pairs, featureMean, featureScale, frequencies, network, h, layers));
        }
        projection.assignTo(projectionOut);

        // Per-step head: relu(point projection + W₂ c) · v, broadcast to S states × N points.
        ONNXRef<?> stateProjection = context.apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, PolicyParameters.HEAD_STATE_WEIGHT, h, h))
                .apply(ONNXOperators.UNSQUEEZE, ctx.array("state_axis", new long[]{1}));
        stateProjection.apply(ONNXOperators.ADD, pointProjectionIn)
                .apply(PolicyOnnxOperators.RELU)
                // v as an H×1 matrix then squeezed: ONNX Runtime's MatMul with a 1-D right operand is ~3× slower
                .apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, PolicyParameters.HEAD_OUT, h, 1))
                .apply(PolicyOnnxOperators.SQUEEZE, ctx.array("point_axis", new long[]{2}))
                .assignTo(logitsOut);

        OnnxMl.GraphProto graph = namedDimensions(ctx.buildGraph(), d, h);
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("batchgfn")
                .setProducerVersion(metadata.formatVersion() + "")
                .setDomain("org.batchgfn")
                .setModelVersion(metadata.formatVersion())
                .setDocString("BatchGFN forward policy: pool encoder (pool"
                        + (pairs != null ? ", train_features, train_targets" : "")
                        + " -> embeddings, pool_projection) and "
                        + "per-step head (point_projection, context -> logits). See org.batchgfn.onnx.PolicyFormat.")
                .setGraph(graph);
        for (Map.Entry<String, String> p : metadata.toProperties().entrySet()) {
            model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(p.getKey())
                    .setValue(p.getValue()));
        }
        return model.build();
    }

    /**
     * The angular frequencies {@code Ω = 2πW} of the Fourier input features as one initializer, shared by the pool
     * and the train-set encoders; null without features.
     */
    private static ONNXInitializer fourierFrequencies(ONNXContext ctx, FourierFeatures features, int d) {
        if (features.isNone()) {
            return null;
        }
        double[][] omega = features.angularFrequencies(d);
        float[] flat = new float[d * features.count()];
        for (int r = 0; r < d; r++) {
            for (int k = 0; k < features.count(); k++) {
                flat[r * features.count() + k] = (float) omega[r][k];
            }
        }
        return ctx.floatTensor("fourier_frequencies", List.of(d, features.count()), fb -> fb.put(flat));
    }

    /**
     * The encoders' input map {@code γ} of standardised points, as {@link FourierFeatures#apply} computes it:
     * {@code [sin(z Ω), cos(z Ω)]}, or {@code z} itself when {@code frequencies} is null (no features).
     */
    private static ONNXRef<?> inputFeatures(ONNXContext ctx, ONNXInitializer frequencies, ONNXRef<?> standardized,
                                            String prefix) {
        if (frequencies == null) {
            return standardized;
        }
        ONNXRef<?> angles = standardized.apply(PolicyOnnxOperators.MATMUL, frequencies);
        return ctx.operation(ONNXOperators.CONCAT,
                List.of(angles.apply(PolicyOnnxOperators.SIN), angles.apply(PolicyOnnxOperators.COS)),
                prefix + "_fourier_features", Map.of("axis", 1));
    }

    /**
     * The ReLU FFN encoder with the parameters the two name functions give per layer (the pool encoder's or the
     * train-set encoder's, {@link PolicyParameters}), as {@code PolicyNetwork} computes it.
     */
    private static ONNXRef<?> encoder(ONNXContext ctx, Map<String, INDArray> params, ONNXRef<?> input,
                                      IntFunction<String> weightName, IntFunction<String> biasName,
                                      int inputWidth, int h, int layers) {
        ONNXRef<?> out = input;
        int fanIn = inputWidth;
        for (int l = 0; l < layers; l++) {
            out = out.apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, weightName.apply(l), fanIn, h))
                    .apply(ONNXOperators.ADD, vector(ctx, params, biasName.apply(l), h))
                    .apply(PolicyOnnxOperators.RELU);
            fanIn = h;
        }
        return out;
    }

    /**
     * The train-set term of the head's first layer, {@code t W₃} (1×H) with {@code t} the mean over the M training
     * pairs of their train-set encoder embeddings; M = 0 gives 0, as {@code PolicyNetwork} does.
     */
    private static ONNXRef<?> trainingSetShift(ONNXContext ctx, Map<String, INDArray> params, TrainingPairs pairs,
                                               ONNXInitializer featureMean, ONNXInitializer featureScale,
                                               ONNXInitializer frequencies, PolicyNetwork network, int h,
                                               int layers) {
        int d = network.inputDimension();
        ONNXPlaceholder trainFeatures = ctx.floatInput(PolicyFormat.TRAIN_FEATURES, d);
        ONNXPlaceholder trainTargets = ctx.floatInput(PolicyFormat.TRAIN_TARGETS, 1);
        // The rows TrainingPairs.apply builds, [features standardised like the pool, (y − m) / s], with the
        // features through the input map as PolicyNetwork does: [γ(x), y].
        ONNXRef<?> x = inputFeatures(ctx, frequencies,
                trainFeatures.apply(ONNXOperators.SUB, featureMean).apply(ONNXOperators.DIV, featureScale), "train");
        ONNXRef<?> y = trainTargets.apply(ONNXOperators.SUB, ctx.array("target_mean", new double[]{pairs.targetMean()}))
                .apply(ONNXOperators.DIV, ctx.array("target_scale", new double[]{pairs.targetScale()}));
        ONNXRef<?> t = encoder(ctx, params,
                ctx.operation(ONNXOperators.CONCAT, List.of(x, y), "training_pairs", Map.of("axis", 1)),
                PolicyParameters::trainingEncoderWeight, PolicyParameters::trainingEncoderBias,
                network.trainingEncoderInputWidth(), h, layers);
        // The mean over the M pairs as PolicyNetwork takes it: the sum divided by max(M, 1), so M = 0 gives 0. M is
        // counted in the graph as the sum of a column of ones (y·0 + 1), which needs no shape operators.
        ONNXInitializer pairAxis = ctx.array("pair_axis", new long[]{0});
        ONNXInitializer one = ctx.array("one", new float[]{1f});
        ONNXRef<?> count = trainTargets.apply(ONNXOperators.MUL, ctx.array("zero", new float[]{0f}))
                .apply(ONNXOperators.ADD, one)
                .apply(ONNXOperators.REDUCE_SUM, pairAxis, Map.of("keepdims", 1))
                .apply(PolicyOnnxOperators.MAX, one);
        return t.apply(ONNXOperators.REDUCE_SUM, pairAxis, Map.of("keepdims", 1))
                .apply(ONNXOperators.DIV, count)
                .apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, PolicyParameters.HEAD_TRAIN_WEIGHT, h, h));
    }

    /**
     * As {@link #export(PolicyNetwork, PoolStandardizer, double, String, ObjectProvenance)}, serialised.
     *
     * @return the ONNX model bytes
     */
    public static byte[] exportBytes(PolicyNetwork network, PoolStandardizer standardizer, double temperature,
                                     String rewardName, ObjectProvenance trainingProvenance) {
        return export(network, standardizer, temperature, rewardName, trainingProvenance).toByteArray();
    }

    /**
     * As {@link #export(PolicyNetwork, TrainingPairs, double, String, ObjectProvenance)}, serialised.
     *
     * @return the ONNX model bytes
     */
    public static byte[] exportBytes(PolicyNetwork network, TrainingPairs pairs, double temperature,
                                     String rewardName, ObjectProvenance trainingProvenance) {
        return export(network, pairs, temperature, rewardName, trainingProvenance).toByteArray();
    }

    /**
     * As {@link #export(PolicyNetwork, PoolStandardizer, double, String, ObjectProvenance)}, written to a file
     * atomically (a temporary file in the same folder, then a move), so that a reader never sees half a model.
     *
     * @param file the {@code .onnx} file to write
     * @throws IOException if it cannot be written
     */
    public static void write(PolicyNetwork network, PoolStandardizer standardizer, double temperature,
                             String rewardName, ObjectProvenance trainingProvenance, Path file) throws IOException {
        writeAtomically(exportBytes(network, standardizer, temperature, rewardName, trainingProvenance), file);
    }

    /**
     * As {@link #export(PolicyNetwork, TrainingPairs, double, String, ObjectProvenance)}, written to a file
     * atomically.
     *
     * @param file the {@code .onnx} file to write
     * @throws IOException if it cannot be written
     */
    public static void write(PolicyNetwork network, TrainingPairs pairs, double temperature, String rewardName,
                             ObjectProvenance trainingProvenance, Path file) throws IOException {
        writeAtomically(exportBytes(network, pairs, temperature, rewardName, trainingProvenance), file);
    }

    private static void writeAtomically(byte[] bytes, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static float[] floats(Map<String, INDArray> params, String name, long expectedLength) {
        INDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("the network has no parameter '" + name + "'; it has "
                    + params.keySet());
        }
        if (a.length() != expectedLength) {
            throw new IllegalArgumentException("parameter '" + name + "' has " + a.length() + " values, expected "
                    + expectedLength);
        }
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static ONNXInitializer matrix(ONNXContext ctx, Map<String, INDArray> params, String name, int rows,
                                          int cols) {
        float[] v = floats(params, name, (long) rows * cols);
        return ctx.floatTensor(name, List.of(rows, cols), fb -> fb.put(v));
    }

    private static ONNXInitializer vector(ONNXContext ctx, Map<String, INDArray> params, String name, int length) {
        return ctx.array(name, floats(params, name, length));
    }

    /**
     * Tribuo's writer gives every input and output the shape [batch, width]; here the pool dimension N and the state
     * dimension S are different symbols, and the logits are S×N.
     */
    private static OnnxMl.GraphProto namedDimensions(OnnxMl.GraphProto graph, int d, int h) {
        OnnxMl.GraphProto.Builder g = graph.toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            String name = g.getInput(i).getName();
            g.setInput(i, switch (name) {
                case PolicyFormat.POOL -> tensor(name, "N", d);
                case PolicyFormat.POINT_PROJECTION -> tensor(name, "N", h);
                case PolicyFormat.TRAIN_FEATURES -> tensor(name, "M", d);
                case PolicyFormat.TRAIN_TARGETS -> tensor(name, "M", 1);
                default -> tensor(name, "S", h);
            });
        }
        for (int i = 0; i < g.getOutputCount(); i++) {
            String name = g.getOutput(i).getName();
            g.setOutput(i, name.equals(PolicyFormat.LOGITS) ? tensor(name, "S", "N") : tensor(name, "N", h));
        }
        return g.build();
    }

    private static OnnxMl.ValueInfoProto tensor(String name, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder b = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String s) {
                b.setDimParam(s);
            } else {
                b.setDimValue((Integer) dim);
            }
            shape.addDim(b);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
