package org.batchgfn.gflownet.policy;

/**
 * The part of the policy head that touches every (state, pool point, hidden unit) triple, the only term of a
 * training step that grows as {@code S·N·H} and that no BLAS call expresses:
 * {@code logit(x | s) = Σ_h v_h · relu(A[x,h] + G[s,h])} with the split first layer {@code A = E W₁ + b} (per
 * point) and {@code G = C W₂} (per state), its gradient, and the masked softmax over the pool. Everything is float32
 * and fused: no S×N×H tensor is ever built.
 * <p>
 * Layout: the logits read {@code aT}, {@code A} transposed (H rows of N), so their inner loop runs over contiguous
 * pool points; the gradient reads {@code A} (N rows of H), so its inner loop runs over contiguous units and
 * accumulates into rows; {@code g} is S rows of H; logits and {@code δ} are S rows of N. A call covers one <em>chunk</em> of pool points
 * {@code [x0, x1)} for every state: the chunks are fixed by N alone ({@link #CHUNK}), their outputs are disjoint
 * (logits, {@code ∂A}) or per-chunk partial sums that the caller adds in chunk order ({@code ∂G}), so
 * the result does not depend on which thread runs which chunk (see {@link ComputeThreads}).
 * <p>
 * Two implementations: {@link VectorHeadKernel} (the JDK Vector API, {@code jdk.incubator.vector}, used when the
 * module is present at run time, i.e. the JVM was started with {@code --add-modules jdk.incubator.vector}) and
 * {@link PlainHeadKernel} (plain loops, always available). Their logits, gradients and softmax probabilities are
 * bit-identical (the same float operations per lane, no fused multiply-add, no horizontal sums; the softmax's
 * exponential is {@link #exp}, not the Vector API's).
 */
abstract class HeadKernel {

    /**
     * The smallest float {@code d} whose {@code (float) Math.exp(d)} is a normal float (at least
     * {@link Float#MIN_NORMAL}; {@code ln(MIN_NORMAL) ≈ −87.336545}, and the float below this one gives a subnormal).
     * A probability {@code exp(d)/Σ} with {@code d} below it is under {@code MIN_NORMAL} (the sum is at least 1), so
     * the softmax sets it to 0 without computing the exponential ({@link FlushToZero}).
     */
    static final float EXP_NORMAL = -87.33654f;

    /** Pool points per chunk: fixed, so a chunk's partial sums do not depend on the thread count. */
    static final int CHUNK = 512;

    private static final HeadKernel INSTANCE = choose();

    /** @return the vector kernel when {@code jdk.incubator.vector} is present at run time, else the plain one */
    static HeadKernel instance() {
        return INSTANCE;
    }

    /** @return whether the JDK Vector API module is present in this JVM (started with --add-modules) */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static HeadKernel choose() {
        if (vectorModulePresent()) {
            try {
                // Loaded by name so that the class (which links against jdk.incubator.vector) is never touched
                // without the module.
                return (HeadKernel) Class.forName("org.batchgfn.gflownet.policy.VectorHeadKernel")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new PlainHeadKernel();
            }
        }
        return new PlainHeadKernel();
    }

    /** @return a short name for reports ("vector-512/256": the logits' and the gradient's vector widths; or "plain") */
    abstract String description();

    /** @return the number of chunks of a pool of n points */
    static int chunks(int n) {
        return (n + CHUNK - 1) / CHUNK;
    }

    /**
     * Logits of pool points {@code [x0, x1)} for states {@code [0, states)}: overwrites {@code out[s·n + x]}.
     *
     * @param aT     A transposed, h×n
     * @param n      N
     * @param v      {@code v} (length h)
     * @param g      {@code G}, states×h
     * @param states S
     * @param x0     first point of the chunk
     * @param x1     end of the chunk (exclusive)
     * @param out    states×n logits
     */
    abstract void logits(float[] aT, int n, float[] v, float[] g, int states, int x0, int x1, float[] out);

    /**
     * {@link #logits} over every chunk of the pool, the chunks on the {@link ComputeThreads} threads when
     * {@code worthThreads}, else one after another on the calling thread (disjoint outputs: the same bits either way).
     *
     * @param aT           A transposed, h×n
     * @param n            N
     * @param v            {@code v} (length h)
     * @param g            {@code G}, states×h
     * @param states       S
     * @param out          states×n logits, overwritten
     * @param worthThreads false to run inline
     */
    final void logitsOfPool(float[] aT, int n, float[] v, float[] g, int states, float[] out, boolean worthThreads) {
        ComputeThreads.run(chunks(n), chunk -> logits(aT, n, v, g, states, chunk * CHUNK,
                Math.min(n, (chunk + 1) * CHUNK), out), worthThreads);
    }

    /**
     * The gradient of {@code Σ_{s,x} δ[s,x]·logit(x | s)} with respect to {@code A} and {@code G} over the chunk's
     * points, before scaling by {@code v}: with {@code z = A[x] + G[s]} and {@code m = δ[s,x]·1[z > 0]}, adds
     * {@code Σ_s m} to {@code dA[x·h + j]} and the chunk's {@code Σ_x m} to {@code dG[s·h + j]}. Every sum runs over
     * points, then states, in index order, lane-wise over units, so the two implementations give bit-identical
     * results (no horizontal reduction, no fused multiply-add). The gradient with respect to {@code v} is formed
     * from these sums afterwards ({@link #outputGradient}), so the loop does not carry it.
     *
     * @param a      A, n×h (row-major: one row per pool point)
     * @param n      N
     * @param h      H
     * @param g      G, states×h
     * @param delta  δ, states×n (0 at chosen points)
     * @param states S
     * @param x0     first point of the chunk
     * @param x1     end of the chunk (exclusive)
     * @param dA     n×h accumulator of {@code ∂A/v} (only the chunk's rows are touched)
     * @param dG     states×h accumulator of this chunk's partial sums (zero on entry)
     */
    abstract void backward(float[] a, int n, int h, float[] g, float[] delta, int states, int x0, int x1,
                           float[] dA, float[] dG);

    /**
     * The gradient with respect to {@code v} from the sums of {@link #backward} over the whole pool: since
     * {@code relu(z) = z·1[z > 0]} and {@code z = A[x] + G[s]},
     * {@code Σ_{s,x} δ·relu(z) = Σ_x A[x]·(Σ_s m) + Σ_s G[s]·(Σ_x m)}, lane by lane over units, that is
     * {@code Σ_x A[x]∘dA[x] + Σ_s G[s]∘dG[s]}: O((N + S)·H) work instead of a multiply and an add in the kernel's
     * S×N×H loop. Summed in double, points then states in index order.
     *
     * @param a      A, n×h
     * @param n      N
     * @param h      H
     * @param g      G, states×h
     * @param states S
     * @param dA     {@code Σ_s m} per point and unit (n×h, unscaled by v)
     * @param dG     {@code Σ_x m} per state and unit (states×h, unscaled by v)
     * @return {@code ∂/∂v}, length h
     */
    static float[] outputGradient(float[] a, int n, int h, float[] g, int states, float[] dA, float[] dG) {
        float[] out = new float[h];
        outputGradient(a, n, h, g, states, dA, dG, 0, h, out);
        return out;
    }

    /**
     * {@link #outputGradient(float[], int, int, float[], int, float[], float[])} for units {@code [j0, j1)} only,
     * into {@code out[j0..j1)}: each unit's sum is the whole function's (same terms, same order), so disjoint unit
     * ranges may run on different threads.
     */
    static void outputGradient(float[] a, int n, int h, float[] g, int states, float[] dA, float[] dG, int j0, int j1,
                               float[] out) {
        int width = j1 - j0;
        double[] sum = new double[width];
        for (int x = 0; x < n; x++) {
            int ax = x * h + j0;
            for (int j = 0; j < width; j++) {
                sum[j] += (double) a[ax + j] * dA[ax + j];
            }
        }
        for (int s = 0; s < states; s++) {
            int gs = s * h + j0;
            for (int j = 0; j < width; j++) {
                sum[j] += (double) g[gs + j] * dG[gs + j];
            }
        }
        for (int j = 0; j < width; j++) {
            out[j0 + j] = (float) sum[j];
        }
    }

    /**
     * Turns a row of logits into probabilities in place: {@code p = exp(l − max) / Σ exp(l − max)}; entries at
     * {@code −∞} (masked points) get 0, and so do probabilities below {@link Float#MIN_NORMAL}
     * ({@link FlushToZero}: no subnormal float leaves this method).
     * <p>
     * The exponentials are {@link #exp}, a float32 polynomial made of additions, multiplications and bit casts only,
     * which both implementations evaluate with the same operations per entry ({@link VectorHeadKernel} sixteen or
     * eight lanes at a time), so the probabilities are the same bits in both and in every JIT state. (The Vector
     * API's own lanewise {@code EXP} rounds differently when C2 compiles it than in its Java fallback, which once
     * made training depend on JIT timing.) The sum is taken in double, in four interleaved partial sums.
     *
     * @param row    logits
     * @param offset start of the row
     * @param n      its length
     * @return {@code log Σ exp(l)}, the log-normaliser
     */
    final double softmax(float[] row, int offset, int n) {
        float max = max(row, offset, n);
        exponentials(row, offset, n, max);
        double sum = sum(row, offset, n);
        normalise(row, offset, n, (float) (1.0 / sum));
        return max + Math.log(sum);
    }

    /**
     * {@code row[x] ← exp(row[x] − max)} by {@link #exp}, or 0 where {@code row[x] − max < EXP_NORMAL} (the
     * probability would be below {@code MIN_NORMAL} whatever the sum, which is at least 1).
     */
    abstract void exponentials(float[] row, int offset, int n, float max);

    /** {@code row[x] ← row[x]·inv}, or 0 where that is below {@link Float#MIN_NORMAL}. */
    abstract void normalise(float[] row, int offset, int n, float inv);

    /**
     * One entry of {@link #exponentials}: the plain kernel's loop, and the vector kernel's tail after its last full
     * vector.
     */
    static float exponential(float logit, float max) {
        float d = logit - max;
        return d < EXP_NORMAL ? 0f : exp(d);
    }

    /** One entry of {@link #normalise}: the plain kernel's loop, and the vector kernel's tail. */
    static float normalised(float e, float inv) {
        float p = e * inv;
        return p < Float.MIN_NORMAL ? 0f : p;
    }

    /** The double sum of a row in four partial sums (entries x ≡ 0, 1, 2, 3 mod 4 from the row's start), added last. */
    static double sum(float[] row, int offset, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int end = offset + n / 4 * 4;
        int x = offset;
        for (; x < end; x += 4) {
            s0 += row[x];
            s1 += row[x + 1];
            s2 += row[x + 2];
            s3 += row[x + 3];
        }
        if (x < offset + n) {
            s0 += row[x];
        }
        if (x + 1 < offset + n) {
            s1 += row[x + 1];
        }
        if (x + 2 < offset + n) {
            s2 += row[x + 2];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** log₂e, and ln 2 in two parts (the first with 9 significant bits, so {@code k·LN2_HIGH} is exact). */
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HIGH = 0.693359375f;
    static final float LN2_LOW = -2.12194440e-4f;
    /** 1.5·2²³: adding it rounds a float of magnitude below 2²² to an integer, which its low bits then hold. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** The polynomial of {@code exp(r)} on {@code |r| ≤ ln2 / 2} (Cephes' {@code expf}), highest degree first. */
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /**
     * {@code e^d} in float32 for {@code EXP_NORMAL ≤ d ≤ 0} (within 2 units of the last place of
     * {@code (float) Math.exp(d)}, HeadKernelTest): {@code d = k ln2 + r} with {@code k = round(d log₂e)}, then
     * {@code e^r} by a degree-7 polynomial and {@code 2^k} from its bits. Additions, multiplications and bit casts
     * only, written out in the order {@link VectorHeadKernel} repeats lane by lane.
     */
    static float exp(float d) {
        float t = d * LOG2E;
        float rounded = t + ROUND;
        float k = rounded - ROUND;
        int scaleBits = (Float.floatToRawIntBits(rounded) - ROUND_BITS + 127) << 23;
        float r = d - k * LN2_HIGH;
        r = r - k * LN2_LOW;
        float z = r * r;
        float y = P0 * r + P1;
        y = y * r + P2;
        y = y * r + P3;
        y = y * r + P4;
        y = y * r + P5;
        y = y * z + r;
        y = y + 1f;
        return y * Float.intBitsToFloat(scaleBits);
    }

    /**
     * The scalar gradient update of one (point, state) pair over units {@code [j0, h)}: the whole row in
     * {@link PlainHeadKernel}, the tail after the last full vector in {@link VectorHeadKernel}.
     */
    static void backwardUnits(float[] a, int ax, float[] g, int gs, float d, int j0, int h, float[] dA,
                              float[] dG) {
        for (int j = j0; j < h; j++) {
            float z = a[ax + j] + g[gs + j];
            float m = z > 0f ? d : 0f;
            dA[ax + j] += m;
            dG[gs + j] += m;
        }
    }

    /** Shared scalar pieces of the softmax: the row maximum. */
    static float max(float[] row, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int x = offset; x < offset + n; x++) {
            if (row[x] > max) { // not Math.max, whose NaN and signed-zero handling costs a dependent chain per entry
                max = row[x];
            }
        }
        return max;
    }
}
