package org.batchgfn.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * A pool run through a policy's encoder: the point embeddings {@code e_x} (kept here, to sum contexts) and the point
 * projections {@code W₁ e_x + b} (kept in ONNX Runtime, fed to the head at every step without copying). Sampling a
 * batch then costs B runs of the per-step head. Obtained from {@link OnnxPolicy#encode}; thread-safe for concurrent
 * sampling; close it once when done.
 */
public final class EncodedPool implements AutoCloseable {

    private final OnnxPolicy policy;
    private final OrtSession.Result encoderResult;
    private final OnnxTensor projection;
    private final float[] embeddings;
    private final int poolSize;
    private final int width;

    EncodedPool(OnnxPolicy policy, OrtSession.Result encoderResult, int poolSize, int width) {
        this.policy = policy;
        this.encoderResult = encoderResult;
        this.projection = (OnnxTensor) encoderResult.get(PolicyFormat.POOL_PROJECTION).orElseThrow();
        FloatBuffer e = ((OnnxTensor) encoderResult.get(PolicyFormat.EMBEDDINGS).orElseThrow()).getFloatBuffer();
        this.embeddings = new float[e.remaining()];
        e.get(embeddings);
        this.poolSize = poolSize;
        this.width = width;
    }

    /** @return N */
    public int poolSize() {
        return poolSize;
    }

    /**
     * @return a copy of the embeddings, N×H
     */
    public float[][] embeddings() {
        float[][] out = new float[poolSize][width];
        for (int i = 0; i < poolSize; i++) {
            System.arraycopy(embeddings, i * width, out[i], 0, width);
        }
        return out;
    }

    /**
     * @param state distinct pool indices already chosen
     * @return N logits of the head, {@code −∞} at the chosen points
     * @throws IllegalArgumentException if an index is out of range or repeated
     */
    public double[] logits(int[] state) {
        boolean[] chosen = new boolean[poolSize];
        float[] context = new float[width];
        for (int x : state) {
            if (x < 0 || x >= poolSize) {
                throw new IllegalArgumentException("state index " + x + " is outside the pool [0, " + poolSize + ")");
            }
            if (chosen[x]) {
                throw new IllegalArgumentException("state contains pool index " + x + " more than once");
            }
            chosen[x] = true;
            addEmbedding(context, x);
        }
        double[] out = stepLogits(context);
        for (int x : state) {
            out[x] = Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    /**
     * @param batchSize B, 1 ≤ B ≤ N
     * @param seed      seed of the uniform draws
     * @return one batch, as {@link OnnxPolicy#sample}
     */
    public SampledBatch sample(int batchSize, long seed) {
        OnnxPolicy.checkBatchSize(batchSize, poolSize);
        return sample(batchSize, new SplittableRandom(seed));
    }

    /**
     * @param batchSize B, 1 ≤ B ≤ N
     * @param samples   K ≥ 1
     * @param seed      seed of the uniform draws
     * @param scorer    the caller's reward
     * @return the best of K batches, as {@link OnnxPolicy#bestOf}
     */
    public SampledBatch bestOf(int batchSize, int samples, long seed, BatchScorer scorer) {
        OnnxPolicy.checkBatchSize(batchSize, poolSize);
        if (samples < 1) {
            throw new IllegalArgumentException("number of samples K must be >= 1, got " + samples);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        SampledBatch best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < samples; k++) {
            SampledBatch b = sample(batchSize, rng);
            double s = scorer.score(b.indices());
            if (best == null || s > bestScore) {
                best = b;
                bestScore = Double.isNaN(s) ? Double.NEGATIVE_INFINITY : s;
            }
        }
        return best;
    }

    /**
     * One trajectory: at each step the head's logits, the shared {@link MaskedCategorical} step and one
     * {@code rng.nextDouble()}; the same sequence of draws as the training-side sampler.
     */
    private SampledBatch sample(int batchSize, SplittableRandom rng) {
        boolean[] chosen = new boolean[poolSize];
        float[] context = new float[width];
        int[] out = new int[batchSize];
        double logProbability = 0;
        for (int k = 0; k < batchSize; k++) {
            MaskedCategorical step = MaskedCategorical.of(stepLogits(context), chosen);
            int x = step.sample(rng.nextDouble());
            logProbability += step.logProbability(x);
            out[k] = x;
            chosen[x] = true;
            addEmbedding(context, x);
        }
        return new SampledBatch(out, logProbability);
    }

    private void addEmbedding(float[] context, int x) {
        int base = x * width;
        for (int h = 0; h < width; h++) {
            context[h] += embeddings[base + h];
        }
    }

    private double[] stepLogits(float[] context) {
        float[] l = policy.headLogits(projection, context, 1);
        double[] out = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = l[i];
        }
        return out;
    }

    @Override
    public void close() {
        encoderResult.close();
    }
}
