package org.batchgfn.gflownet.policy;

/**
 * {@link HeadKernel} in plain loops (always available). The logit loop runs over contiguous pool points with no
 * branch and no reduction, the form the JIT's auto-vectoriser handles; the gradient's reductions over points are
 * scalar.
 */
final class PlainHeadKernel extends HeadKernel {

    @Override
    String description() {
        return "plain";
    }

    @Override
    void logits(float[] aT, int n, float[] v, float[] g, int states, int x0, int x1, float[] out) {
        int h = v.length;
        for (int s = 0; s < states; s++) {
            int o = s * n;
            java.util.Arrays.fill(out, o + x0, o + x1, 0f);
            for (int j = 0; j < h; j++) {
                float vj = v[j];
                float gj = g[s * h + j];
                int a = j * n;
                for (int x = x0; x < x1; x++) {
                    out[o + x] += vj * Math.max(aT[a + x] + gj, 0f);
                }
            }
        }
    }

    @Override
    void backward(float[] aT, int n, int h, float[] g, float[] delta, int states, int x0, int x1,
                  float[] dAT, float[] dG, float[] dV) {
        for (int j = 0; j < h; j++) {
            int a = j * n;
            float accV = 0f;
            for (int s = 0; s < states; s++) {
                float gj = g[s * h + j];
                int d = s * n;
                float accG = 0f;
                for (int x = x0; x < x1; x++) {
                    float z = aT[a + x] + gj;
                    float dx = delta[d + x];
                    float m = z > 0f ? dx : 0f;
                    dAT[a + x] += m;
                    accG += m;
                    accV += dx * Math.max(z, 0f);
                }
                dG[s * h + j] = accG;
            }
            dV[j] = accV;
        }
    }

    @Override
    double softmax(float[] row, int offset, int n) {
        float max = max(row, offset, n);
        double sum = 0;
        for (int x = offset; x < offset + n; x++) {
            float e = (float) Math.exp(row[x] - max);
            row[x] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int x = offset; x < offset + n; x++) {
            row[x] *= inv;
        }
        return max + Math.log(sum);
    }
}
