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
 * ONNX Runtime evaluates every node of a graph on each run, so the entry point not in use is fed one-row placeholder
 * tensors: it then costs one point's worth of work ({@code d·H + L·H²} for the encoder, {@code H²} for the head).
 */
public final class PolicyFormat {

    /** The ONNX operator set the graph is written in. */
    public static final int OPSET = 13;
    /** Version of this layout and of the metadata keys; bumped on incompatible change. */
    public static final int VERSION = 1;

    /** Input: raw pool features, N×d float. */
    public static final String POOL = "pool";
    /** Input: the point projections of the pool, N×H float (the encoder's {@link #POOL_PROJECTION}). */
    public static final String POINT_PROJECTION = "point_projection";
    /** Input: one context vector per state, S×H float. */
    public static final String CONTEXT = "context";
    /** Output: point embeddings {@code e_x}, N×H float. */
    public static final String EMBEDDINGS = "embeddings";
    /** Output: point projections {@code W₁ e_x + b}, N×H float. */
    public static final String POOL_PROJECTION = "pool_projection";
    /** Output: per-state logits over the pool, S×N float. */
    public static final String LOGITS = "logits";

    private PolicyFormat() {
    }
}
