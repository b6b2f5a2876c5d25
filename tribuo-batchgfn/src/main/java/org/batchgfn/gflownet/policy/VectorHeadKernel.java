package org.batchgfn.gflownet.policy;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HeadKernel} on the JDK Vector API ({@code jdk.incubator.vector}, the preferred species of the machine:
 * 16 floats with AVX-512, 8 with AVX2). Only loaded when the module is present (see {@link HeadKernel#instance()});
 * needs the JVM flag {@code --add-modules jdk.incubator.vector}. Every result uses the same float operations per
 * element, in the same order, as {@link PlainHeadKernel} (add, max, multiply, add; no fused multiply-add, no
 * horizontal sums), so it is bit-identical to it.
 * <p>
 * Register blocking of the logits: the sums run in the plain kernel's order, but {@link #BLOCK} vectors of pool
 * points keep their running sums in registers while the loop runs over all H units (one load of {@code Aᵀ} per
 * vector and no store, where a row-at-a-time loop loads and stores the logits H times; 1.4× faster at N = 2000,
 * H = 64). Chunks that are not a multiple of the block fall back to one vector at a time, then a scalar tail. The
 * same blocking of the gradient (its {@code ∂A} and {@code ∂v} sums in registers over states and points) ran 1.5–3×
 * <em>slower</em> on JDK 17, whose compiler does not keep vectors carried around nested loops in registers, so the
 * gradient runs one vector of units at a time through memory.
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
    /** Vectors per register block. */
    static final int BLOCK = 4;

    @Override
    String description() {
        return "vector-" + SPECIES.vectorBitSize()
                + (GRADIENT_SPECIES == SPECIES ? "" : "/" + GRADIENT_SPECIES.vectorBitSize());
    }

    @Override
    void logits(float[] aT, int n, float[] v, float[] g, int states, int x0, int x1, float[] out) {
        int h = v.length;
        int vectorEnd = x0 + (x1 - x0) / LANES * LANES;
        int blockEnd = x0 + (x1 - x0) / (BLOCK * LANES) * (BLOCK * LANES);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int s = 0; s < states; s++) {
            int o = s * n;
            int gs = s * h;
            int x = x0;
            for (; x < blockEnd; x += BLOCK * LANES) {
                FloatVector l0 = zero;
                FloatVector l1 = zero;
                FloatVector l2 = zero;
                FloatVector l3 = zero;
                for (int j = 0, a = x; j < h; j++, a += n) {
                    float vj = v[j];
                    float gj = g[gs + j];
                    l0 = l0.add(FloatVector.fromArray(SPECIES, aT, a).add(gj).max(zero).mul(vj));
                    l1 = l1.add(FloatVector.fromArray(SPECIES, aT, a + LANES).add(gj).max(zero).mul(vj));
                    l2 = l2.add(FloatVector.fromArray(SPECIES, aT, a + 2 * LANES).add(gj).max(zero).mul(vj));
                    l3 = l3.add(FloatVector.fromArray(SPECIES, aT, a + 3 * LANES).add(gj).max(zero).mul(vj));
                }
                l0.intoArray(out, o + x);
                l1.intoArray(out, o + x + LANES);
                l2.intoArray(out, o + x + 2 * LANES);
                l3.intoArray(out, o + x + 3 * LANES);
            }
            for (; x < vectorEnd; x += LANES) {
                FloatVector l = zero;
                for (int j = 0, a = x; j < h; j++, a += n) {
                    l = l.add(FloatVector.fromArray(SPECIES, aT, a).add(g[gs + j]).max(zero).mul(v[j]));
                }
                l.intoArray(out, o + x);
            }
            for (; x < x1; x++) {
                float l = 0f;
                for (int j = 0; j < h; j++) {
                    l += v[j] * Math.max(aT[j * n + x] + g[gs + j], 0f);
                }
                out[o + x] = l;
            }
        }
    }

    @Override
    void backward(float[] a, int n, int h, float[] g, float[] delta, int states, int x0, int x1,
                  float[] dA, float[] dG, float[] dV) {
        int bound = h / GRADIENT_LANES * GRADIENT_LANES;
        FloatVector zero = FloatVector.zero(GRADIENT_SPECIES);
        for (int x = x0; x < x1; x++) {
            int ax = x * h;
            for (int s = 0; s < states; s++) {
                float d = delta[s * n + x];
                if (d == 0f) {
                    continue;
                }
                int gs = s * h;
                FloatVector dv = FloatVector.broadcast(GRADIENT_SPECIES, d);
                int j = 0;
                for (; j < bound; j += GRADIENT_LANES) {
                    FloatVector z = FloatVector.fromArray(GRADIENT_SPECIES, a, ax + j)
                            .add(FloatVector.fromArray(GRADIENT_SPECIES, g, gs + j));
                    FloatVector m = zero.blend(dv, z.compare(VectorOperators.GT, 0f));
                    FloatVector.fromArray(GRADIENT_SPECIES, dA, ax + j).add(m).intoArray(dA, ax + j);
                    FloatVector.fromArray(GRADIENT_SPECIES, dG, gs + j).add(m).intoArray(dG, gs + j);
                    FloatVector.fromArray(GRADIENT_SPECIES, dV, j).add(dv.mul(z.max(zero))).intoArray(dV, j);
                }
                backwardUnits(a, ax, g, gs, d, j, h, dA, dG, dV);
            }
        }
    }
}
