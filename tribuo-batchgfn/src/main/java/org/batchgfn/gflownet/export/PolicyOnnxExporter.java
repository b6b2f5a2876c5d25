package org.batchgfn.gflownet.export;

import ai.onnx.proto.OnnxMl;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
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
 * The model's {@code metadata_props} carry {@link PolicyMetadata}: d, H, encoder depth, B, T, the reward's name, the
 * standardisation constants and the training provenance as Tribuo/OLCUT provenance JSON.
 */
public final class PolicyOnnxExporter {

    private static final long IR_VERSION = 7; // the IR version of opset 13

    private PolicyOnnxExporter() {
    }

    /**
     * Builds the ONNX model of the network's current forward policy.
     *
     * @param network            the trained policy network (its parameters are read, not changed)
     * @param standardizer       the standardisation applied to the pool the network was trained on
     * @param temperature        the reward temperature T it was trained at
     * @param rewardName         the reward's name (e.g. {@code BatchReward.name()})
     * @param trainingProvenance provenance of the training run (e.g. the acquisition strategy's configuration)
     * @return the model
     * @throws IllegalArgumentException if the standardiser's dimension differs from the network's input dimension or a
     *                                  parameter is missing or misshapen
     * @throws UnsupportedOperationException if the network is conditioned on a training set: the exported graph has no
     *                                       training-set context input yet, so its samples would silently differ
     */
    public static OnnxMl.ModelProto export(PolicyNetwork network, PoolStandardizer standardizer, double temperature,
                                           String rewardName, ObjectProvenance trainingProvenance) {
        int d = network.inputDimension();
        int h = network.architecture().hiddenWidth();
        int layers = network.architecture().encoderLayers();
        if (network.isConditioned()) {
            throw new UnsupportedOperationException("this policy is conditioned on its training set, and ONNX export"
                    + " does not carry the training-set context yet; export an unconditioned policy or sample it on"
                    + " the JVM side (PolicyNetwork.snapshot())");
        }
        if (standardizer.dimension() != d) {
            throw new IllegalArgumentException("the standardiser has " + standardizer.dimension()
                    + " dimensions but the network takes " + d + " features");
        }
        PolicyMetadata metadata = new PolicyMetadata(d, h, layers, network.loss().length(), temperature, rewardName,
                standardizer.mean(), standardizer.scale(),
                new JsonProvenanceSerialization(false).marshalAndSerialize(trainingProvenance));
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
        ONNXRef<?> e = pool.apply(ONNXOperators.SUB, ctx.array("feature_mean", standardizer.mean()))
                .apply(ONNXOperators.DIV, ctx.array("feature_scale", standardizer.scale()));
        int fanIn = d;
        for (int l = 0; l < layers; l++) {
            e = e.apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, "enc_w" + l, fanIn, h))
                    .apply(ONNXOperators.ADD, vector(ctx, params, "enc_b" + l, h))
                    .apply(PolicyOnnxOperators.RELU);
            fanIn = h;
        }
        e.assignTo(embeddingsOut);
        e.apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, "head_wx", h, h))
                .apply(ONNXOperators.ADD, vector(ctx, params, "head_b", h))
                .assignTo(projectionOut);

        // Per-step head: relu(point projection + W₂ c) · v, broadcast to S states × N points.
        ONNXRef<?> stateProjection = context.apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, "head_wc", h, h))
                .apply(ONNXOperators.UNSQUEEZE, ctx.array("state_axis", new long[]{1}));
        stateProjection.apply(ONNXOperators.ADD, pointProjectionIn)
                .apply(PolicyOnnxOperators.RELU)
                // v as an H×1 matrix then squeezed: ONNX Runtime's MatMul with a 1-D right operand is ~3× slower
                .apply(PolicyOnnxOperators.MATMUL, matrix(ctx, params, "head_out", h, 1))
                .apply(PolicyOnnxOperators.SQUEEZE, ctx.array("point_axis", new long[]{2}))
                .assignTo(logitsOut);

        OnnxMl.GraphProto graph = namedDimensions(ctx.buildGraph(), d, h);
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("batchgfn")
                .setProducerVersion(PolicyFormat.VERSION + "")
                .setDomain("org.batchgfn")
                .setModelVersion(PolicyFormat.VERSION)
                .setDocString("BatchGFN forward policy: pool encoder (pool -> embeddings, pool_projection) and "
                        + "per-step head (point_projection, context -> logits). See org.batchgfn.onnx.PolicyFormat.")
                .setGraph(graph);
        for (Map.Entry<String, String> p : metadata.toProperties().entrySet()) {
            model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(p.getKey())
                    .setValue(p.getValue()));
        }
        return model.build();
    }

    /**
     * As {@link #export}, serialised.
     *
     * @return the ONNX model bytes
     */
    public static byte[] exportBytes(PolicyNetwork network, PoolStandardizer standardizer, double temperature,
                                     String rewardName, ObjectProvenance trainingProvenance) {
        return export(network, standardizer, temperature, rewardName, trainingProvenance).toByteArray();
    }

    /**
     * As {@link #export}, written to a file atomically (a temporary file in the same folder, then a move), so that a
     * reader never sees half a model.
     *
     * @param file the {@code .onnx} file to write
     * @throws IOException if it cannot be written
     */
    public static void write(PolicyNetwork network, PoolStandardizer standardizer, double temperature,
                             String rewardName, ObjectProvenance trainingProvenance, Path file) throws IOException {
        byte[] bytes = exportBytes(network, standardizer, temperature, rewardName, trainingProvenance);
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
