package org.batchgfn.gflownet.policy;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HeadKernel} on the JDK Vector API ({@code jdk.incubator.vector}, the preferred species of the machine:
 * 16 floats with AVX-512, 8 with AVX2). Only loaded when the module is present (see {@link HeadKernel#instance()});
 * needs the JVM flag {@code --add-modules jdk.incubator.vector}. The logits use the same float operations per lane as
 * {@link PlainHeadKernel} (add, max, multiply, add; no fused multiply-add), so they are bit-identical to it.
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
    void backward(float[] aT, int n, int h, float[] g, float[] delta, int states, int x0, int x1,
                  float[] dAT, float[] dG, float[] dV) {
        int bound = x0 + (x1 - x0) / LANES * LANES;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int j = 0; j < h; j++) {
            int a = j * n;
            FloatVector accV = zero;
            float tailV = 0f;
            for (int s = 0; s < states; s++) {
                float gj = g[s * h + j];
                int d = s * n;
                FloatVector accG = zero;
                int x = x0;
                for (; x < bound; x += LANES) {
                    FloatVector z = FloatVector.fromArray(SPECIES, aT, a + x).add(gj);
                    FloatVector dx = FloatVector.fromArray(SPECIES, delta, d + x);
                    VectorMask<Float> on = z.compare(VectorOperators.GT, 0f);
                    FloatVector m = zero.blend(dx, on);
                    FloatVector.fromArray(SPECIES, dAT, a + x).add(m).intoArray(dAT, a + x);
                    accG = accG.add(m);
                    accV = accV.add(dx.mul(z.max(zero)));
                }
                float tailG = 0f;
                for (; x < x1; x++) {
                    float z = aT[a + x] + gj;
                    float dx = delta[d + x];
                    float m = z > 0f ? dx : 0f;
                    dAT[a + x] += m;
                    tailG += m;
                    tailV += dx * Math.max(z, 0f);
                }
                dG[s * h + j] = accG.reduceLanes(VectorOperators.ADD) + tailG;
            }
            dV[j] = accV.reduceLanes(VectorOperators.ADD) + tailV;
        }
    }

    @Override
    double softmax(float[] row, int offset, int n) {
        float max = max(row, offset, n);
        int bound = offset + n / LANES * LANES;
        FloatVector acc = FloatVector.zero(SPECIES);
        int x = offset;
        for (; x < bound; x += LANES) {
            FloatVector e = FloatVector.fromArray(SPECIES, row, x).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(row, x);
            acc = acc.add(e);
        }
        double sum = acc.reduceLanes(VectorOperators.ADD);
        for (; x < offset + n; x++) {
            float e = (float) Math.exp(row[x] - max);
            row[x] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        x = offset;
        for (; x < bound; x += LANES) {
            FloatVector.fromArray(SPECIES, row, x).mul(inv).intoArray(row, x);
        }
        for (; x < offset + n; x++) {
            row[x] *= inv;
        }
        return max + Math.log(sum);
    }
}
