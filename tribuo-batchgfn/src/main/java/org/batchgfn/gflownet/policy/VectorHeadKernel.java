package org.batchgfn.gflownet.policy;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HeadKernel} on the JDK Vector API ({@code jdk.incubator.vector}, the preferred species of the machine:
 * 16 floats with AVX-512, 8 with AVX2). Only loaded when the module is present (see {@link HeadKernel#instance()});
 * needs the JVM flag {@code --add-modules jdk.incubator.vector}. Every result uses the same float operations per element as
 * {@link PlainHeadKernel} (add, max, multiply, add; no fused multiply-add, no horizontal sums), so it is
 * bit-identical to it.
 */
final class VectorHeadKernel extends HeadKernel {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    @Override
    String description() {
        return "vector-" + SPECIES.vectorBitSize();
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
        int bound = h / LANES * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int x = x0; x < x1; x++) {
            int ax = x * h;
            for (int s = 0; s < states; s++) {
                float d = delta[s * n + x];
                if (d == 0f) {
                    continue;
                }
                int gs = s * h;
                FloatVector dv = FloatVector.broadcast(SPECIES, d);
                int j = 0;
                for (; j < bound; j += LANES) {
                    FloatVector z = FloatVector.fromArray(SPECIES, a, ax + j)
                            .add(FloatVector.fromArray(SPECIES, g, gs + j));
                    FloatVector m = zero.blend(dv, z.compare(VectorOperators.GT, 0f));
                    FloatVector.fromArray(SPECIES, dA, ax + j).add(m).intoArray(dA, ax + j);
                    FloatVector.fromArray(SPECIES, dG, gs + j).add(m).intoArray(dG, gs + j);
                    FloatVector.fromArray(SPECIES, dV, j).add(dv.mul(z.max(zero))).intoArray(dV, j);
                }
                backwardUnits(a, ax, g, gs, d, j, h, dA, dG, dV);
            }
        }
    }
}
