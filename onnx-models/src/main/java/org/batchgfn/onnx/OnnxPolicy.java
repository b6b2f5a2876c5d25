package org.batchgfn.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A trained BatchGFN policy exported to ONNX, loaded into ONNX Runtime: give it the features of an unlabelled pool and
 * it samples batches of B distinct pool indices from the learned forward policy, with no Deeplearning4j anywhere.
 * <p>
 * Typical use: load once ({@link #load(Path)}, {@link #load(InputStream, String)}), then for each acquisition round
 * call {@link #bestOf} with the caller's reward (BatchGFN's inference: sample K batches, keep the best) or
 * {@link #sample}. Features are raw: the standardisation the policy was trained with is part of the graph
 * ({@link PolicyMetadata#featureMean()}, {@link PolicyMetadata#featureScale()}). Sampling is seeded: the same pool,
 * batch size and seed give the same batch, on any thread.
 * <p>
 * A policy conditioned on its training set ({@link PolicyMetadata#isConditioned()}, the carry-over mode
 * {@code LOOKAHEAD} of tribuo-batchgfn's {@code BatchGfnAcquisition}) samples batches that depend on which points are
 * already labelled, so every sampling call takes the raw training features and targets as well
 * ({@link #encode(double[][], double[][], double[])} and the matching {@code sample}, {@code bestOf} and
 * {@code logits} overloads); the standardisation of the pairs is part of the graph too. The two kinds are not
 * interchangeable: the training-set overloads refuse an unconditioned policy (it would silently ignore the training
 * set) and the pool-only ones a conditioned policy, both with an {@link InvalidTrainingSetException}.
 * <p>
 * Thread-safe: any number of threads may sample from one loaded policy concurrently (ONNX Runtime sessions allow
 * concurrent runs; all per-call state lives in the call). Close it to free the native session.
 */
public final class OnnxPolicy implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final PolicyMetadata metadata;
    private final String source;
    private final OnnxTensor noPool;
    private final OnnxTensor noProjection;
    private final OnnxTensor noContext;
    /** One-row placeholders of the training-set inputs (null for an unconditioned policy). */
    private final OnnxTensor noTrainFeatures;
    private final OnnxTensor noTrainTargets;

    private OnnxPolicy(OrtEnvironment environment, OrtSession session, PolicyMetadata metadata, String source)
            throws OrtException {
        this.environment = environment;
        this.session = session;
        this.metadata = metadata;
        this.source = source;
        int d = metadata.inputDimension();
        int h = metadata.hiddenWidth();
        // One-row zero placeholders for the entry point not in use (zero-row tensors trip ORT's MatMul broadcasting).
        this.noPool = OnnxTensor.createTensor(environment, FloatBuffer.allocate(d), new long[]{1, d});
        this.noProjection = OnnxTensor.createTensor(environment, FloatBuffer.allocate(h), new long[]{1, h});
        this.noContext = OnnxTensor.createTensor(environment, FloatBuffer.allocate(h), new long[]{1, h});
        this.noTrainFeatures = metadata.isConditioned()
                ? OnnxTensor.createTensor(environment, FloatBuffer.allocate(d), new long[]{1, d}) : null;
        this.noTrainTargets = metadata.isConditioned()
                ? OnnxTensor.createTensor(environment, FloatBuffer.allocate(1), new long[]{1, 1}) : null;
    }

    /**
     * Loads a policy file written by {@code PolicyOnnxExporter}.
     *
     * @param file the {@code .onnx} file
     * @return the loaded policy
     * @throws NoSuchFileException         if the file does not exist
     * @throws InvalidPolicyModelException if it is not an ONNX model, or lacks the policy's inputs, outputs or metadata
     * @throws IOException                 if it cannot be read
     */
    public static OnnxPolicy load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no BatchGFN policy file here");
        }
        return fromBytes(Files.readAllBytes(file), file.toString());
    }

    /**
     * Loads a policy from a stream (for example a class-path resource); the stream is read to its end, not closed.
     *
     * @param in     the model bytes
     * @param source a name for error messages (resource or file name)
     * @return the loaded policy
     * @throws InvalidPolicyModelException if it is not an ONNX model, or lacks the policy's inputs, outputs or metadata
     * @throws IOException                 if the stream fails
     */
    public static OnnxPolicy load(InputStream in, String source) throws IOException {
        if (in == null) {
            throw new InvalidPolicyModelException(source + ": no such resource or stream (null)");
        }
        return fromBytes(in.readAllBytes(), source);
    }

    /**
     * Loads a policy from the bytes of an ONNX model.
     *
     * @param model  the serialised ONNX model
     * @param source a name for error messages
     * @return the loaded policy
     * @throws InvalidPolicyModelException if it is not an ONNX model, or lacks the policy's inputs, outputs or metadata
     */
    public static OnnxPolicy fromBytes(byte[] model, String source) throws InvalidPolicyModelException {
        return fromBytes(model, source, 0);
    }

    /**
     * Loads a policy from the bytes of an ONNX model with a fixed number of ONNX Runtime intra-op threads: 1 where
     * many copies run side by side (one per executor JVM of a cluster, whose task slots already use every core), 0
     * for ONNX Runtime's default (every core). The thread count does not change the results.
     *
     * @param model          the serialised ONNX model
     * @param source         a name for error messages
     * @param intraOpThreads threads per operator, ≥ 0 (0: ONNX Runtime's default)
     * @return the loaded policy
     * @throws InvalidPolicyModelException if it is not an ONNX model, or lacks the policy's inputs, outputs or metadata
     * @throws IllegalArgumentException    if {@code intraOpThreads} is negative
     */
    public static OnnxPolicy fromBytes(byte[] model, String source, int intraOpThreads)
            throws InvalidPolicyModelException {
        Objects.requireNonNull(model, "model bytes");
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be >= 0 (0: ONNX Runtime's default), got "
                    + intraOpThreads);
        }
        if (model.length == 0) {
            throw new InvalidPolicyModelException(source + ": empty input; expected an ONNX model");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new InvalidPolicyModelException(source + ": not a readable ONNX model (" + e.getMessage().trim()
                    + ")", e);
        }
        try {
            PolicyMetadata metadata = PolicyMetadata.fromProperties(session.getMetadata().getCustomMetadata(), source);
            checkSignature(session, metadata, source);
            return new OnnxPolicy(env, session, metadata, source);
        } catch (InvalidPolicyModelException e) {
            closeQuietly(session);
            throw e;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InvalidPolicyModelException(source + ": cannot read the model's signature (" + e.getMessage()
                    + ")", e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the first error is the one to report
        }
    }

    private static void checkSignature(OrtSession session, PolicyMetadata m, String source)
            throws OrtException, InvalidPolicyModelException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        checkTensor(inputs, PolicyFormat.POOL, m.inputDimension(), "input", source);
        checkTensor(inputs, PolicyFormat.POINT_PROJECTION, m.hiddenWidth(), "input", source);
        checkTensor(inputs, PolicyFormat.CONTEXT, m.hiddenWidth(), "input", source);
        if (m.isConditioned()) {
            checkTensor(inputs, PolicyFormat.TRAIN_FEATURES, m.inputDimension(), "input", source);
            checkTensor(inputs, PolicyFormat.TRAIN_TARGETS, 1, "input", source);
        }
        int expectedInputs = m.isConditioned() ? 5 : 3;
        if (inputs.size() != expectedInputs) {
            throw new InvalidPolicyModelException(source + ": the model has the inputs " + inputs.keySet()
                    + " but its metadata describes " + (m.isConditioned() ? "a conditioned" : "an unconditioned")
                    + " policy, which has " + expectedInputs + (m.isConditioned() ? " (with the training set)" : "")
                    + "; was the metadata edited?");
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        checkTensor(outputs, PolicyFormat.EMBEDDINGS, m.hiddenWidth(), "output", source);
        checkTensor(outputs, PolicyFormat.POOL_PROJECTION, m.hiddenWidth(), "output", source);
        checkTensor(outputs, PolicyFormat.LOGITS, -1, "output", source);
    }

    private static void checkTensor(Map<String, NodeInfo> nodes, String name, long width, String kind, String source)
            throws InvalidPolicyModelException {
        NodeInfo node = nodes.get(name);
        String expected = "a rank-2 float tensor" + (width > 0 ? " of width " + width : "");
        if (node == null) {
            throw new InvalidPolicyModelException(source + ": the model has no " + kind + " '" + name + "' ("
                    + expected + "); its " + kind + "s are " + nodes.keySet()
                    + ". Is this a BatchGFN policy exported by PolicyOnnxExporter?");
        }
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 2
                || (width > 0 && t.getShape()[1] > 0 && t.getShape()[1] != width)) {
            throw new InvalidPolicyModelException(source + ": " + kind + " '" + name + "' should be " + expected
                    + " but is " + node.getInfo());
        }
    }

    /** @return what the model says about itself: d, H, B, T, reward, standardisation, provenance */
    public PolicyMetadata metadata() {
        return metadata;
    }

    /**
     * Runs the pool encoder once; the result can then be sampled from many times at the cost of the per-step head
     * only. Close it when done (it holds native tensors of size N×H).
     *
     * @param pool N rows of d raw (unstandardised) features
     * @return the encoded pool
     * @throws InvalidPoolException        if the pool is empty, a row has the wrong width or a feature is NaN or
     *                                     infinite
     * @throws InvalidTrainingSetException if the policy is conditioned on a training set (use
     *                                     {@link #encode(double[][], double[][], double[])})
     */
    public EncodedPool encode(double[][] pool) {
        if (metadata.isConditioned()) {
            throw new InvalidTrainingSetException("this policy is conditioned on its training set (" + source
                    + "): pass the labelled training features and targets, e.g. encode(pool, trainFeatures,"
                    + " trainTargets); an empty training set is allowed");
        }
        return encode(pool, null, null, 0);
    }

    /**
     * Runs the pool encoder of a policy conditioned on its training set (see the class comment) once, with the
     * current training set; the result samples as {@link #encode(double[][])}'s does. The training set enters as
     * the mean of its pairs' embeddings, so the order of the pairs does not matter, and an empty one gives the zero
     * context, as on the training side.
     *
     * @param pool          N rows of d raw features
     * @param trainFeatures M ≥ 0 rows of d raw training features, in the units of the pool
     * @param trainTargets  the M raw training targets, in the units the policy was trained with
     * @return the encoded pool, conditioned on the training set
     * @throws InvalidPoolException        if the pool is invalid
     * @throws InvalidTrainingSetException if the policy is not conditioned, either array is null, their lengths
     *                                     differ, a row has the wrong width or a value is NaN or infinite
     */
    public EncodedPool encode(double[][] pool, double[][] trainFeatures, double[] trainTargets) {
        if (!metadata.isConditioned()) {
            throw new InvalidTrainingSetException("this policy is not conditioned on a training set (" + source
                    + "): it would ignore one, so none may be given; use encode(pool), sample(pool, ...) or"
                    + " bestOf(pool, ...)");
        }
        if (trainFeatures == null || trainTargets == null) {
            throw new InvalidTrainingSetException("the training " + (trainFeatures == null ? "features" : "targets")
                    + " are null; pass empty arrays for an empty training set");
        }
        if (trainFeatures.length != trainTargets.length) {
            throw new InvalidTrainingSetException("the training set has " + trainFeatures.length
                    + " feature rows but " + trainTargets.length + " targets; they must pair up");
        }
        return encode(pool, trainFeatures, trainTargets, trainFeatures.length);
    }

    private EncodedPool encode(double[][] pool, double[][] trainFeatures, double[] trainTargets, int pairs) {
        float[] flat = flatten(pool);
        int n = pool.length;
        int d = metadata.inputDimension();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(PolicyFormat.POOL, OnnxTensor.createTensor(environment, FloatBuffer.wrap(flat),
                    new long[]{n, d}));
            if (metadata.isConditioned()) {
                inputs.put(PolicyFormat.TRAIN_FEATURES, OnnxTensor.createTensor(environment,
                        FloatBuffer.wrap(flattenTraining(trainFeatures)), new long[]{pairs, d}));
                inputs.put(PolicyFormat.TRAIN_TARGETS, OnnxTensor.createTensor(environment,
                        FloatBuffer.wrap(targets(trainTargets)), new long[]{pairs, 1}));
            }
            OrtSession.Result result = session.run(withPlaceholders(inputs),
                    Set.of(PolicyFormat.EMBEDDINGS, PolicyFormat.POOL_PROJECTION));
            return new EncodedPool(this, result, n, metadata.hiddenWidth());
        } catch (OrtException e) {
            throw new IllegalStateException(source + ": ONNX Runtime failed to encode a pool of " + n + " points"
                    + (metadata.isConditioned() ? " with " + pairs + " training pairs" : "") + ": "
                    + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    /** The given inputs, with the one-row placeholders for every graph input not among them. */
    private Map<String, OnnxTensor> withPlaceholders(Map<String, OnnxTensor> given) {
        Map<String, OnnxTensor> all = new HashMap<>(given);
        all.putIfAbsent(PolicyFormat.POOL, noPool);
        all.putIfAbsent(PolicyFormat.POINT_PROJECTION, noProjection);
        all.putIfAbsent(PolicyFormat.CONTEXT, noContext);
        if (metadata.isConditioned()) {
            all.putIfAbsent(PolicyFormat.TRAIN_FEATURES, noTrainFeatures);
            all.putIfAbsent(PolicyFormat.TRAIN_TARGETS, noTrainTargets);
        }
        return all;
    }

    /**
     * Samples one batch from the policy (no exploration).
     *
     * @param pool      N rows of d raw features
     * @param batchSize B, 1 ≤ B ≤ N (normally {@link PolicyMetadata#batchSize()}, the size it was trained for)
     * @param seed      seed of the draws; equal seeds give equal batches
     * @return B distinct pool indices in selection order with the trajectory's log-probability
     * @throws InvalidPoolException     if the pool is invalid or smaller than B
     * @throws IllegalArgumentException if B &lt; 1
     */
    public SampledBatch sample(double[][] pool, int batchSize, long seed) {
        checkBatchSize(batchSize, pool == null ? 0 : pool.length);
        try (EncodedPool encoded = encode(pool)) {
            return encoded.sample(batchSize, seed);
        }
    }

    /**
     * BatchGFN inference: samples K batches (the pool is encoded once) and returns the one the scorer rates highest,
     * the first on ties. Batch k is drawn with the k-th of {@link EncodedPool#trajectorySeeds}{@code (seed, K)}; every
     * step is a Gumbel-max draw ({@link MaskedCategorical#draw}).
     *
     * @param pool      N rows of d raw features
     * @param batchSize B, 1 ≤ B ≤ N
     * @param samples   K ≥ 1
     * @param seed      seed of the draws
     * @param scorer    the caller's reward of a batch
     * @return the best of the K sampled batches
     * @throws InvalidPoolException     if the pool is invalid or smaller than B
     * @throws IllegalArgumentException if B &lt; 1 or K &lt; 1
     */
    public SampledBatch bestOf(double[][] pool, int batchSize, int samples, long seed, BatchScorer scorer) {
        checkBatchSize(batchSize, pool == null ? 0 : pool.length);
        try (EncodedPool encoded = encode(pool)) {
            return encoded.bestOf(batchSize, samples, seed, scorer);
        }
    }

    /**
     * The head's logits for one state, for parity checks and custom samplers.
     *
     * @param pool  N rows of d raw features
     * @param state distinct pool indices already chosen
     * @return N logits, {@code −∞} at the chosen points
     */
    public double[] logits(double[][] pool, int[] state) {
        try (EncodedPool encoded = encode(pool)) {
            return encoded.logits(state);
        }
    }

    /**
     * As {@link #sample(double[][], int, long)} for a policy conditioned on its training set.
     *
     * @param pool          N rows of d raw features
     * @param trainFeatures M ≥ 0 rows of d raw training features
     * @param trainTargets  the M raw training targets
     * @param batchSize     B, 1 ≤ B ≤ N
     * @param seed          seed of the draws; equal seeds and data give equal batches
     * @return B distinct pool indices in selection order with the trajectory's log-probability
     * @throws InvalidPoolException        if the pool is invalid or smaller than B
     * @throws InvalidTrainingSetException as {@link #encode(double[][], double[][], double[])}
     * @throws IllegalArgumentException    if B &lt; 1
     */
    public SampledBatch sample(double[][] pool, double[][] trainFeatures, double[] trainTargets, int batchSize,
                               long seed) {
        checkBatchSize(batchSize, pool == null ? 0 : pool.length);
        try (EncodedPool encoded = encode(pool, trainFeatures, trainTargets)) {
            return encoded.sample(batchSize, seed);
        }
    }

    /**
     * As {@link #bestOf(double[][], int, int, long, BatchScorer)} for a policy conditioned on its training set.
     *
     * @param pool          N rows of d raw features
     * @param trainFeatures M ≥ 0 rows of d raw training features
     * @param trainTargets  the M raw training targets
     * @param batchSize     B, 1 ≤ B ≤ N
     * @param samples       K ≥ 1
     * @param seed          seed of the draws
     * @param scorer        the caller's reward of a batch
     * @return the best of the K sampled batches
     * @throws InvalidPoolException        if the pool is invalid or smaller than B
     * @throws InvalidTrainingSetException as {@link #encode(double[][], double[][], double[])}
     * @throws IllegalArgumentException    if B &lt; 1 or K &lt; 1
     */
    public SampledBatch bestOf(double[][] pool, double[][] trainFeatures, double[] trainTargets, int batchSize,
                               int samples, long seed, BatchScorer scorer) {
        checkBatchSize(batchSize, pool == null ? 0 : pool.length);
        try (EncodedPool encoded = encode(pool, trainFeatures, trainTargets)) {
            return encoded.bestOf(batchSize, samples, seed, scorer);
        }
    }

    /**
     * As {@link #logits(double[][], int[])} for a policy conditioned on its training set.
     *
     * @param pool          N rows of d raw features
     * @param trainFeatures M ≥ 0 rows of d raw training features
     * @param trainTargets  the M raw training targets
     * @param state         distinct pool indices already chosen
     * @return N logits, {@code −∞} at the chosen points
     * @throws InvalidTrainingSetException as {@link #encode(double[][], double[][], double[])}
     */
    public double[] logits(double[][] pool, double[][] trainFeatures, double[] trainTargets, int[] state) {
        try (EncodedPool encoded = encode(pool, trainFeatures, trainTargets)) {
            return encoded.logits(state);
        }
    }

    static void checkBatchSize(int batchSize, int poolSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (batchSize > poolSize) {
            throw new InvalidPoolException("batch size " + batchSize + " is larger than the pool (" + poolSize
                    + " points): a batch holds distinct pool points, so B must be <= N");
        }
    }

    private float[] flatten(double[][] pool) {
        if (pool == null || pool.length == 0) {
            throw new InvalidPoolException("the pool is empty: pass at least one row of " + metadata.inputDimension()
                    + " features");
        }
        return flatten(pool, "pool row", InvalidPoolException::new);
    }

    private float[] flattenTraining(double[][] features) {
        return flatten(features, "training feature row", InvalidTrainingSetException::new);
    }

    /** Row-major float copy of rows of d finite features; {@code error} makes the exception naming a bad value. */
    private float[] flatten(double[][] rows, String what, Function<String, IllegalArgumentException> error) {
        int d = metadata.inputDimension();
        float[] flat = new float[Math.multiplyExact(rows.length, d)];
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            if (row == null || row.length != d) {
                throw error.apply(what + " " + i + " has " + (row == null ? "no" : row.length)
                        + " features, but the policy was trained on " + d + " (" + source + ")");
            }
            for (int j = 0; j < d; j++) {
                double v = row[j];
                if (!Double.isFinite(v)) {
                    throw error.apply(what + " " + i + ", column " + j + " is " + v
                            + "; features must be finite numbers");
                }
                flat[i * d + j] = (float) v;
            }
        }
        return flat;
    }

    private static float[] targets(double[] targets) {
        float[] out = new float[targets.length];
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new InvalidTrainingSetException("training target " + i + " is " + targets[i]
                        + "; targets must be finite numbers");
            }
            out[i] = (float) targets[i];
        }
        return out;
    }

    /** Runs the per-step head for the given contexts (S×H, flat) over the pool's point projections. */
    float[] headLogits(OnnxTensor projection, float[] contexts, int states) {
        int h = metadata.hiddenWidth();
        try (OnnxTensor context = OnnxTensor.createTensor(environment, FloatBuffer.wrap(contexts),
                new long[]{states, h});
             OrtSession.Result result = session.run(withPlaceholders(Map.of(
                     PolicyFormat.POINT_PROJECTION, projection, PolicyFormat.CONTEXT, context)),
                     Set.of(PolicyFormat.LOGITS))) {
            FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(source + ": ONNX Runtime failed in the policy head: " + e.getMessage(), e);
        }
    }

    /**
     * Frees the native session; the policy cannot sample afterwards.
     *
     * @throws IllegalStateException if ONNX Runtime fails to release it
     */
    @Override
    public void close() {
        noPool.close();
        noProjection.close();
        noContext.close();
        if (noTrainFeatures != null) {
            noTrainFeatures.close();
            noTrainTargets.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(source + ": ONNX Runtime failed to close the session: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "OnnxPolicy(" + source + ", " + metadata + ")";
    }
}
