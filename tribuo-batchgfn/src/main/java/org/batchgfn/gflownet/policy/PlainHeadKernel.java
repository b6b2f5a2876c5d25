package org.batchgfn.gflownet.policy;

/**
 * {@link HeadKernel} in plain loops (always available). Every inner loop runs over one contiguous row with no
 * reduction, the form the JIT's auto-vectoriser handles.
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
    void backward(float[] a, int n, int h, float[] g, float[] delta, int states, int x0, int x1,
                  float[] dA, float[] dG) {
        for (int x = x0; x < x1; x++) {
            int ax = x * h;
            for (int s = 0; s < states; s++) {
                float d = delta[s * n + x];
                if (d == 0f) {
                    continue;
                }
                backwardUnits(a, ax, g, s * h, d, 0, h, dA, dG);
            }
        }
    }

    @Override
    void exponentials(float[] row, int offset, int n, float max) {
        for (int x = offset; x < offset + n; x++) {
            row[x] = exponential(row[x], max);
        }
    }

    @Override
    void normalise(float[] row, int offset, int n, float inv) {
        for (int x = offset; x < offset + n; x++) {
            row[x] = normalised(row[x], inv);
        }
    }
}
