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
 * {@link PlainHeadKernel} (plain loops, always available). Their logits and gradients are bit-identical (the same float
 * operations per lane, no fused multiply-add, no horizontal sums); the softmax is one scalar implementation shared by
 * both.
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
        double[] sum = new double[h];
        for (int x = 0; x < n; x++) {
            int ax = x * h;
            for (int j = 0; j < h; j++) {
                sum[j] += (double) a[ax + j] * dA[ax + j];
            }
        }
        for (int s = 0; s < states; s++) {
            int gs = s * h;
            for (int j = 0; j < h; j++) {
                sum[j] += (double) g[gs + j] * dG[gs + j];
            }
        }
        float[] out = new float[h];
        for (int j = 0; j < h; j++) {
            out[j] = (float) sum[j];
        }
        return out;
    }

    /**
     * Turns a row of logits into probabilities in place: {@code p = exp(l − max) / Σ exp(l − max)}; entries at
     * {@code −∞} (masked points) get 0, and so do probabilities below {@link Float#MIN_NORMAL}
     * ({@link FlushToZero}: no subnormal float leaves this method).
     *
     * @param row    logits
     * @param offset start of the row
     * @param n      its length
     * @return {@code log Σ exp(l)}, the log-normaliser
     */
    final double softmax(float[] row, int offset, int n) {
        // Scalar in both implementations, on purpose: the Vector API's lanewise EXP and reduceLanes(ADD) round
        // differently when C2 compiles them (SVML intrinsics, lane-tree sums) than in the interpreter's fallback, so a
        // vectorised softmax made training depend on JIT timing (the same campaign state gave other batches in other
        // processes, and 1 and 2 threads drifted apart over 50 steps). It is O(S·N) of the step's O(S·N·H).
        float max = max(row, offset, n);
        double sum = 0;
        for (int x = offset; x < offset + n; x++) {
            float d = row[x] - max;
            // Below EXP_NORMAL the probability is flushed to 0 whatever the sum, so Math.exp is skipped there (and a
            // trained low-temperature policy puts most of the pool there).
            float e = d < EXP_NORMAL ? 0f : (float) Math.exp(d);
            row[x] = e;
            sum += e;
        }
        // e · inv is the float product's exact value in double (two floats' product has at most 48 bits), so a
        // normal result rounds to the float product's bits, and one that would be subnormal is caught before it is
        // made (making it costs the assist too).
        double inv = (float) (1.0 / sum);
        for (int x = offset; x < offset + n; x++) {
            row[x] = FlushToZero.toFloat(row[x] * inv);
        }
        return max + Math.log(sum);
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
