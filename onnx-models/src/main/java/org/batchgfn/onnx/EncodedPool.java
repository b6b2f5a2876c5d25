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
        double[] out = headLogits(context);
        for (int x : state) {
            out[x] = Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    /**
     * @param batchSize B, 1 ≤ B ≤ N
     * @param seed      the call's seed (the trajectory seed is its first {@link #trajectorySeeds})
     * @return one batch, as {@link OnnxPolicy#sample}
     */
    public SampledBatch sample(int batchSize, long seed) {
        OnnxPolicy.checkBatchSize(batchSize, poolSize);
        return trajectory(batchSize, trajectorySeeds(seed, 1)[0]);
    }

    /**
     * @param batchSize B, 1 ≤ B ≤ N
     * @param samples   K ≥ 1
     * @param seed      the call's seed (batch k uses the k-th of {@link #trajectorySeeds})
     * @param scorer    the caller's reward
     * @return the best of K batches, as {@link OnnxPolicy#bestOf}
     */
    public SampledBatch bestOf(int batchSize, int samples, long seed, BatchScorer scorer) {
        OnnxPolicy.checkBatchSize(batchSize, poolSize);
        long[] seeds = trajectorySeeds(seed, samples);
        SampledBatch[] batches = new SampledBatch[samples];
        double[] scores = new double[samples];
        for (int k = 0; k < samples; k++) {
            batches[k] = trajectory(batchSize, seeds[k]);
            scores[k] = scorer.score(batches[k].indices());
        }
        return batches[firstBest(scores)];
    }

    /**
     * The rule of best-of-K: the first highest score, a NaN score counting as −∞.
     *
     * @param scores the K batches' scores, K ≥ 1
     * @return the index of the first best
     */
    public static int firstBest(double[] scores) {
        int best = 0;
        double bestScore = Double.isNaN(scores[0]) ? Double.NEGATIVE_INFINITY : scores[0];
        for (int k = 1; k < scores.length; k++) {
            if (scores[k] > bestScore) {
                best = k;
                bestScore = scores[k];
            }
        }
        return best;
    }

    /**
     * The trajectory seeds of {@link #bestOf}'s K samples: the first K {@code nextLong()} of a
     * {@link SplittableRandom} seeded with {@code seed} ({@link #sample(int, long)} uses the first). Exposed so that a
     * distributed sampler draws the same K trajectories.
     *
     * @param seed    the call's seed
     * @param samples K ≥ 1
     * @return K trajectory seeds
     * @throws IllegalArgumentException if K &lt; 1
     */
    public static long[] trajectorySeeds(long seed, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("number of samples K must be >= 1, got " + samples);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long[] out = new long[samples];
        for (int k = 0; k < samples; k++) {
            out[k] = rng.nextLong();
        }
        return out;
    }

    /**
     * One trajectory: at each step k the head's logits and the shared {@link MaskedCategorical} step's Gumbel-max
     * draw with keys of {@code (trajectorySeed, k, index)}; the same draws as the training-side sampler.
     */
    private SampledBatch trajectory(int batchSize, long trajectorySeed) {
        boolean[] chosen = new boolean[poolSize];
        float[] context = new float[width];
        int[] out = new int[batchSize];
        double logProbability = 0;
        for (int k = 0; k < batchSize; k++) {
            MaskedCategorical step = MaskedCategorical.of(headLogits(context), chosen);
            int x = step.draw(trajectorySeed, k);
            logProbability += step.logProbability(x);
            out[k] = x;
            chosen[x] = true;
            addEmbedding(context, x);
        }
        return new SampledBatch(out, logProbability);
    }

    /**
     * Adds a point's embedding to a context in place, {@code context[h] += e_x[h]} in float: the one definition of
     * the context update (the context of a state is the sum of its points' embeddings in the order they were
     * chosen), shared with distributed samplers that hold the embeddings elsewhere.
     *
     * @param context   the context, length H, updated
     * @param embedding the embedding to add, length H
     */
    public static void accumulate(float[] context, float[] embedding) {
        for (int h = 0; h < context.length; h++) {
            context[h] += embedding[h];
        }
    }

    /**
     * @param row a pool row
     * @return a copy of its embedding {@code e_x}, length H
     */
    public float[] embedding(int row) {
        float[] out = new float[width];
        System.arraycopy(embeddings, row * width, out, 0, width);
        return out;
    }

    private void addEmbedding(float[] context, int x) {
        accumulate(context, embedding(x));
    }

    /**
     * The per-step head for one context, unmasked: a pool point's logit depends only on its own projection and the
     * context, so a block of a split pool gives its points the same logits as the whole pool would.
     *
     * @param context the state's context {@code c = Σ e_x}, length H
     * @return N logits, in pool order
     */
    public double[] headLogits(float[] context) {
        if (context.length != width) {
            throw new IllegalArgumentException("context has length " + context.length + ", expected H = " + width);
        }
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
