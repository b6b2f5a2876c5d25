package org.batchgfn.gflownet.policy;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HeadKernel} on the JDK Vector API ({@code jdk.incubator.vector}, the preferred species of the machine:
 * 16 floats with AVX-512, 8 with AVX2). Only loaded when the module is present (see {@link HeadKernel#instance()});
 * needs the JVM flag {@code --add-modules jdk.incubator.vector}. Every result uses the same float operations per
 * element, in the same order, as {@link PlainHeadKernel} (add, max, multiply, add; no fused multiply-add, no
 * horizontal sums), so it is bit-identical to it.
 * <p>
 * The logits run four rows of {@code Aᵀ} at a time over vectors of pool points, reading and writing the logits in
 * memory once per four units (the four terms are added one after another, in unit order, so the sums are the plain
 * kernel's); the gradient takes the states of a point four at a time, reading and writing the point's rows of
 * {@code A} and {@code ∂A} once per four states (again adding state by state, in order). Neither keeps a
 * vector in a register from one loop iteration to the next, as the blocked variants tried before did:
 * Keeping four vectors of points in registers over all H units instead was 1.4× faster in a micro-benchmark (N = 2000,
 * H = 64) but not robust: in a {@code ./batchgfn acquire} on a 200-point pool the compiler never compiled the
 * blocked loop with the Vector API intrinsified (the JFR profile showed the API's Java fallback), and the kernel ran
 * ten times slower. Blocking the gradient the same way ran 1.5–3× slower on JDK 17 in every setting. The gradient
 * runs on {@link #GRADIENT_SPECIES}.
 */
final class VectorHeadKernel extends HeadKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * The gradient's species: at most 256 bits. Its loop reads and writes three rows per (point, state) pair, and
     * with 512-bit vectors it ran 1.5× slower than with 256-bit ones on this project's AVX-512 machine (AMD EPYC,
     * whose 512-bit operations are issued as two 256-bit halves); the lane count changes no result.
     */
    private static final VectorSpecies<Float> GRADIENT_SPECIES =
            SPECIES.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : SPECIES;
    private static final int GRADIENT_LANES = GRADIENT_SPECIES.length();

    @Override
    String description() {
        return "vector-" + SPECIES.vectorBitSize()
                + (GRADIENT_SPECIES == SPECIES ? "" : "/" + GRADIENT_SPECIES.vectorBitSize());
    }

    @Override
    void logits(float[] aT, int n, float[] v, float[] g, int states, int x0, int x1, float[] out) {
        int h = v.length;
        int bound = x0 + (x1 - x0) / LANES * LANES;
        int h4 = h / 4 * 4;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int s = 0; s < states; s++) {
            int o = s * n;
            int gs = s * h;
            java.util.Arrays.fill(out, o + x0, o + x1, 0f);
            // Four units per pass over the points: the logit is read and written once per four terms instead of
            // once per term, and the terms are still added one unit at a time, in unit order.
            int j = 0;
            for (; j < h4; j += 4) {
                float v0 = v[j];
                float v1 = v[j + 1];
                float v2 = v[j + 2];
                float v3 = v[j + 3];
                float g0 = g[gs + j];
                float g1 = g[gs + j + 1];
                float g2 = g[gs + j + 2];
                float g3 = g[gs + j + 3];
                int a0 = j * n;
                int a1 = a0 + n;
                int a2 = a1 + n;
                int a3 = a2 + n;
                int x = x0;
                for (; x < bound; x += LANES) {
                    FloatVector acc = FloatVector.fromArray(SPECIES, out, o + x);
                    acc = acc.add(relu(FloatVector.fromArray(SPECIES, aT, a0 + x).add(g0), zero).mul(v0));
                    acc = acc.add(relu(FloatVector.fromArray(SPECIES, aT, a1 + x).add(g1), zero).mul(v1));
                    acc = acc.add(relu(FloatVector.fromArray(SPECIES, aT, a2 + x).add(g2), zero).mul(v2));
                    acc = acc.add(relu(FloatVector.fromArray(SPECIES, aT, a3 + x).add(g3), zero).mul(v3));
                    acc.intoArray(out, o + x);
                }
                for (; x < x1; x++) {
                    float l = out[o + x];
                    l += v0 * Math.max(aT[a0 + x] + g0, 0f);
                    l += v1 * Math.max(aT[a1 + x] + g1, 0f);
                    l += v2 * Math.max(aT[a2 + x] + g2, 0f);
                    l += v3 * Math.max(aT[a3 + x] + g3, 0f);
                    out[o + x] = l;
                }
            }
            for (; j < h; j++) {
                float vj = v[j];
                float gj = g[gs + j];
                int a = j * n;
                int x = x0;
                for (; x < bound; x += LANES) {
                    FloatVector z = relu(FloatVector.fromArray(SPECIES, aT, a + x).add(gj), zero);
                    FloatVector.fromArray(SPECIES, out, o + x).add(z.mul(vj)).intoArray(out, o + x);
                }
                for (; x < x1; x++) {
                    out[o + x] += vj * Math.max(aT[a + x] + gj, 0f);
                }
            }
        }
    }

    /**
     * {@code relu(z)} as a compare and a blend: the Vector API's {@code max} keeps {@link Math#max}'s rules for NaN and
     * −0, which on AVX2 cost a sequence of about five instructions per vector (measured: the logits kernel 24 µs per
     * state at N = 2000, H = 64, about 3.7 cycles per eight terms). A blend keeps a −0 where {@code max} gives +0; the
     * logit is the same bits either way, as it only enters {@code v·relu(z)}, added to a sum that is never −0 (it
     * starts at +0, and a sum that rounds to zero is +0), and {@code x + (±0) = x} for every such x.
     */
    private static FloatVector relu(FloatVector z, FloatVector zero) {
        return z.blend(zero, z.lt(0f));
    }

    @Override
    void backward(float[] a, int n, int h, float[] g, float[] delta, int states, int x0, int x1,
                  float[] dA, float[] dG) {
        int[] active = new int[states];
        for (int x = x0; x < x1; x++) {
            int ax = x * h;
            int count = 0;
            for (int s = 0; s < states; s++) {
                if (delta[s * n + x] != 0f) {
                    active[count++] = s;
                }
            }
            // Four states per pass over the units: the point's rows of A and ∂A are read and written once per four
            // states instead of once per state, and every sum still takes its terms state by state, in order.
            int i = 0;
            for (; i + 4 <= count; i += 4) {
                fourStates(a, ax, h, g, delta, n, x, active, i, dA, dG);
            }
            for (; i < count; i++) {
                oneState(a, ax, h, g, delta[active[i] * n + x], active[i] * h, dA, dG);
            }
        }
    }

    /**
     * The gradient's terms of point x (row {@code ax} of A and ∂A) for the four states {@code active[i..i+3]}.
     * A method of its own, as is {@link #oneState}: with the whole kernel in one method, C2 (JDK 17) compiled some of
     * its vector stores as the Vector API's Java fallback ("missing constant" in {@code -XX:+PrintIntrinsics}: the
     * species was not known at the store), and that fallback took most of the kernel's time (profile of the parity
     * run on an Intel AVX-512 machine: {@code FloatVector.stOp} under this kernel).
     */
    private static void fourStates(float[] a, int ax, int h, float[] g, float[] delta, int n, int x, int[] active,
                                   int i, float[] dA, float[] dG) {
        int bound = h / GRADIENT_LANES * GRADIENT_LANES;
        FloatVector zero = FloatVector.zero(GRADIENT_SPECIES);
        int s0 = active[i];
        int s1 = active[i + 1];
        int s2 = active[i + 2];
        int s3 = active[i + 3];
        float d0 = delta[s0 * n + x];
        float d1 = delta[s1 * n + x];
        float d2 = delta[s2 * n + x];
        float d3 = delta[s3 * n + x];
        int g0 = s0 * h;
        int g1 = s1 * h;
        int g2 = s2 * h;
        int g3 = s3 * h;
        FloatVector dv0 = FloatVector.broadcast(GRADIENT_SPECIES, d0);
        FloatVector dv1 = FloatVector.broadcast(GRADIENT_SPECIES, d1);
        FloatVector dv2 = FloatVector.broadcast(GRADIENT_SPECIES, d2);
        FloatVector dv3 = FloatVector.broadcast(GRADIENT_SPECIES, d3);
        int j = 0;
        for (; j < bound; j += GRADIENT_LANES) {
            FloatVector av = FloatVector.fromArray(GRADIENT_SPECIES, a, ax + j);
            FloatVector da = FloatVector.fromArray(GRADIENT_SPECIES, dA, ax + j);
            FloatVector z = av.add(FloatVector.fromArray(GRADIENT_SPECIES, g, g0 + j));
            FloatVector m = zero.blend(dv0, z.compare(VectorOperators.GT, 0f));
            da = da.add(m);
            FloatVector.fromArray(GRADIENT_SPECIES, dG, g0 + j).add(m).intoArray(dG, g0 + j);
            z = av.add(FloatVector.fromArray(GRADIENT_SPECIES, g, g1 + j));
            m = zero.blend(dv1, z.compare(VectorOperators.GT, 0f));
            da = da.add(m);
            FloatVector.fromArray(GRADIENT_SPECIES, dG, g1 + j).add(m).intoArray(dG, g1 + j);
            z = av.add(FloatVector.fromArray(GRADIENT_SPECIES, g, g2 + j));
            m = zero.blend(dv2, z.compare(VectorOperators.GT, 0f));
            da = da.add(m);
            FloatVector.fromArray(GRADIENT_SPECIES, dG, g2 + j).add(m).intoArray(dG, g2 + j);
            z = av.add(FloatVector.fromArray(GRADIENT_SPECIES, g, g3 + j));
            m = zero.blend(dv3, z.compare(VectorOperators.GT, 0f));
            da = da.add(m);
            FloatVector.fromArray(GRADIENT_SPECIES, dG, g3 + j).add(m).intoArray(dG, g3 + j);
            da.intoArray(dA, ax + j);
        }
        backwardUnits(a, ax, g, g0, d0, j, h, dA, dG);
        backwardUnits(a, ax, g, g1, d1, j, h, dA, dG);
        backwardUnits(a, ax, g, g2, d2, j, h, dA, dG);
        backwardUnits(a, ax, g, g3, d3, j, h, dA, dG);
    }

    /** The gradient's terms of point x (row {@code ax}) for one state (row {@code gs} of G), whose δ is d. */
    private static void oneState(float[] a, int ax, int h, float[] g, float d, int gs, float[] dA, float[] dG) {
        int bound = h / GRADIENT_LANES * GRADIENT_LANES;
        FloatVector zero = FloatVector.zero(GRADIENT_SPECIES);
        FloatVector dv = FloatVector.broadcast(GRADIENT_SPECIES, d);
        int j = 0;
        for (; j < bound; j += GRADIENT_LANES) {
            FloatVector z = FloatVector.fromArray(GRADIENT_SPECIES, a, ax + j)
                    .add(FloatVector.fromArray(GRADIENT_SPECIES, g, gs + j));
            FloatVector m = zero.blend(dv, z.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(GRADIENT_SPECIES, dA, ax + j).add(m).intoArray(dA, ax + j);
            FloatVector.fromArray(GRADIENT_SPECIES, dG, gs + j).add(m).intoArray(dG, gs + j);
        }
        backwardUnits(a, ax, g, gs, d, j, h, dA, dG);
    }

    @Override
    void exponentials(float[] row, int offset, int n, float max) {
        int end = offset + n;
        int bound = offset + n / LANES * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        int x = offset;
        for (; x < bound; x += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, row, x).sub(max);
            // Every lane computes exp(max(d, EXP_NORMAL)) (no lane leaves the normal range, where an operation would
            // cost a subnormal assist; NaN stays NaN), and lanes below the threshold become 0: the lanes that keep
            // their value took exactly PlainHeadKernel's operations.
            FloatVector e = exp(d.max(EXP_NORMAL));
            e.blend(zero, d.lt(EXP_NORMAL)).intoArray(row, x);
        }
        for (; x < end; x++) {
            row[x] = exponential(row[x], max);
        }
    }

    /** {@link HeadKernel#exp} lane by lane: the same operations in the same order. */
    private static FloatVector exp(FloatVector d) {
        FloatVector t = d.mul(LOG2E);
        FloatVector rounded = t.add(ROUND);
        FloatVector k = rounded.sub(ROUND);
        IntVector scaleBits = ((IntVector) rounded.reinterpretAsInts()).sub(ROUND_BITS).add(127)
                .lanewise(VectorOperators.LSHL, 23);
        FloatVector r = d.sub(k.mul(LN2_HIGH));
        r = r.sub(k.mul(LN2_LOW));
        FloatVector z = r.mul(r);
        FloatVector y = r.mul(P0).add(P1);
        y = y.mul(r).add(P2);
        y = y.mul(r).add(P3);
        y = y.mul(r).add(P4);
        y = y.mul(r).add(P5);
        y = y.mul(z).add(r);
        y = y.add(1f);
        return y.mul((FloatVector) scaleBits.reinterpretAsFloats());
    }

    @Override
    void normalise(float[] row, int offset, int n, float inv) {
        int end = offset + n;
        int bound = offset + n / LANES * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        int x = offset;
        for (; x < bound; x += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, row, x).mul(inv);
            p.blend(zero, p.lt(Float.MIN_NORMAL)).intoArray(row, x);
        }
        for (; x < end; x++) {
            row[x] = normalised(row[x], inv);
        }
    }
}
