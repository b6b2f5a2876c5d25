package org.batchgfn.onnx;

/**
 * The contract between the exporter (tribuo-batchgfn's {@code PolicyOnnxExporter}) and this runtime: the names of the
 * exported graph's inputs and outputs and the format version written to the metadata.
 * <p>
 * One ONNX graph (opset {@value #OPSET}) holds two entry points that share the weights:
 * <ul>
 *   <li><b>pool encoder</b>, run once per pool: {@value #POOL} (N×d raw features, float) →
 *       {@value #EMBEDDINGS} (N×H, {@code e_x}) and {@value #POOL_PROJECTION} (N×H, {@code W₁ e_x + b}).
 *       The input standardisation {@code (x − mean)/scale} is baked into the graph;</li>
 *   <li><b>per-step head</b>, run once per step: {@value #POINT_PROJECTION} (N×H, the encoder's
 *       {@value #POOL_PROJECTION}) and {@value #CONTEXT} (S×H, {@code c = Σ_{x∈state} e_x} per state) →
 *       {@value #LOGITS} (S×N, {@code v · relu(W₁ e_x + b + W₂ c)}, unmasked).</li>
 * </ul>
 * A policy conditioned on its training set (paper appendix A.2, metadata {@link PolicyMetadata#isConditioned()}) has
 * two more pool-encoder inputs, {@value #TRAIN_FEATURES} (M×d raw training features, float, in the units of the pool)
 * and {@value #TRAIN_TARGETS} (M×1 raw training targets, float, in the units the policy was trained with). The graph
 * standardises the pairs with the pool's feature constants and the metadata's target constants
 * ({@link PolicyMetadata#targetMean()}, {@link PolicyMetadata#targetScale()}), runs them through the train-set
 * encoder, averages the embeddings into the context {@code t} (M = 0 gives {@code t = 0}) and adds {@code W₃ t} to
 * {@value #POOL_PROJECTION}: as {@code t} is the same for every state and point, it is a shift of the head's
 * first-layer bias, so the per-step head is the same as in an unconditioned graph. Such a graph is format version
 * {@value #VERSION}; an unconditioned one is still written as version {@value #UNCONDITIONED_VERSION}, so that its
 * file is unchanged and readable by runtimes that predate conditioning.
 * <p>
 * ONNX Runtime evaluates every node of a graph on each run, so the entry point not in use is fed one-row placeholder
 * tensors: it then costs one point's worth of work ({@code d·H + L·H²} for the encoder, {@code (d + 1)·H + L·H²}
 * more for the train-set encoder of a conditioned graph, {@code H²} for the head).
 */
public final class PolicyFormat {

    /** The ONNX operator set the graph is written in. */
    public static final int OPSET = 13;
    /**
     * Version of this layout and of the metadata keys, bumped on incompatible change: the newest version this runtime
     * reads, written for training-set-conditioned policies (the {@value #TRAIN_FEATURES} and {@value #TRAIN_TARGETS}
     * inputs).
     */
    public static final int VERSION = 2;
    /** The version of the unconditioned layout (no training-set inputs), still written for unconditioned policies. */
    public static final int UNCONDITIONED_VERSION = 1;

    /** Input: raw pool features, N×d float. */
    public static final String POOL = "pool";
    /** Input: the point projections of the pool, N×H float (the encoder's {@link #POOL_PROJECTION}). */
    public static final String POINT_PROJECTION = "point_projection";
    /** Input: one context vector per state, S×H float. */
    public static final String CONTEXT = "context";
    /** Input of a conditioned policy: raw training features, M×d float (M ≥ 0). */
    public static final String TRAIN_FEATURES = "train_features";
    /** Input of a conditioned policy: raw training targets, M×1 float. */
    public static final String TRAIN_TARGETS = "train_targets";
    /** Output: point embeddings {@code e_x}, N×H float. */
    public static final String EMBEDDINGS = "embeddings";
    /** Output: point projections {@code W₁ e_x + b} (plus {@code W₃ t} when conditioned), N×H float. */
    public static final String POOL_PROJECTION = "pool_projection";
    /** Output: per-state logits over the pool, S×N float. */
    public static final String LOGITS = "logits";

    private PolicyFormat() {
    }
}
