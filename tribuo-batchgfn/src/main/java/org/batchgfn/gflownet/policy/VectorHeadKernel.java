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
 * The logits run one row of {@code Aᵀ} at a time over vectors of pool points, adding into the logits in memory.
 * Keeping four vectors of points in registers over all H units instead was 1.4× faster in a micro-benchmark (N = 2000,
 * H = 64) but not robust: in a {@code ./batchgfn acquire} on a 200-point pool the compiler never compiled the
 * blocked loop with the Vector API intrinsified (the JFR profile showed the API's Java fallback), and the kernel ran
 * ten times slower. Blocking the gradient the same way ran 1.5–3× slower on JDK 17 in every setting. The gradient
 * runs on {@link #GRADIENT_SPECIES}, one vector of units at a time through memory.
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
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int s = 0; s < states; s++) {
            int o = s * n;
            java.util.Arrays.fill(out, o + x0, o + x1, 0f);
            for (int j = 0; j < h; j++) {
                float vj = v[j];
                float gj = g[s * h + j];
                int a = j * n;
                int x = x0;
                for (; x < bound; x += LANES) {
                    FloatVector z = FloatVector.fromArray(SPECIES, aT, a + x).add(gj).max(zero);
                    FloatVector.fromArray(SPECIES, out, o + x).add(z.mul(vj)).intoArray(out, o + x);
                }
                for (; x < x1; x++) {
                    out[o + x] += vj * Math.max(aT[a + x] + gj, 0f);
                }
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
