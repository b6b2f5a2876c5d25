package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every BLAS product shape the engine uses, with each combination of transpose flags, against a naive triple loop in
 * double on random non-square matrices: a wrong shape, transpose or ordering fails here. Also the encoder's forward
 * and backward pass against a naive evaluation.
 */
class DenseLayersTest {

    private static double[][] random(SplittableRandom rng, int r, int c) {
        double[][] m = new double[r][c];
        for (double[] row : m) {
            for (int j = 0; j < c; j++) {
                row[j] = 2 * rng.nextDouble() - 1;
            }
        }
        return m;
    }

    private static INDArray array(double[][] m) {
        float[] flat = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                flat[i * m[0].length + j] = (float) m[i][j];
            }
        }
        INDArray a = DenseLayers.matrix(m.length, m[0].length);
        ParameterArrays.writeFloats(flat, a);
        return a;
    }

    private static double[][] t(double[][] m) {
        double[][] out = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                out[j][i] = m[i][j];
            }
        }
        return out;
    }

    private static double[][] naive(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += (float) a[i][k] * (double) (float) b[k][j];
                }
            }
        }
        return c;
    }

    private static void assertMatrix(double[][] expected, INDArray actual, String what) {
        assertArrayEquals(new long[]{expected.length, expected[0].length}, actual.shape(), what + " shape");
        float[] f = ParameterArrays.readFloats(actual, new float[(int) actual.length()]);
        int cols = expected[0].length;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(expected[i][j], f[i * cols + j], 1e-4 * (1 + Math.abs(expected[i][j])),
                        what + " [" + i + "," + j + "]");
            }
        }
    }

    @Test
    void productsMatchNaiveForEveryTransposeCombination() {
        SplittableRandom rng = new SplittableRandom(7);
        int m = 13;
        int k = 7;
        int n = 5;
        double[][] a = random(rng, m, k);
        double[][] b = random(rng, k, n);
        double[][] expected = naive(a, b);
        assertMatrix(expected, DenseLayers.product(array(a), false, array(b), false), "a·b");
        assertMatrix(expected, DenseLayers.product(array(t(a)), true, array(b), false), "(aᵀ)ᵀ·b");
        assertMatrix(expected, DenseLayers.product(array(a), false, array(t(b)), true), "a·(bᵀ)ᵀ");
        assertMatrix(expected, DenseLayers.product(array(t(a)), true, array(t(b)), true), "(aᵀ)ᵀ·(bᵀ)ᵀ");
        INDArray out = array(random(rng, m, n));
        DenseLayers.product(array(a), false, array(b), false, out);
        assertMatrix(expected, out, "into a preallocated array (overwritten)");
        double[][] c = random(rng, m, n);
        INDArray acc = array(c);
        DenseLayers.addProduct(array(a), false, array(b), false, acc);
        double[][] sum = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                sum[i][j] = (float) c[i][j] + expected[i][j];
            }
        }
        assertMatrix(sum, acc, "accumulated");
    }

    /**
     * {@link DirectGemm} (the products' path) gives {@link Nd4j#gemm}'s bits, overwriting and accumulating, for every
     * transpose combination at the shapes of a training step (N = 2000, H = 64, S = 80, F = 33; and the one-row
     * product of the column sums), and refuses shapes that do not agree with a message naming them.
     */
    @Test
    void directProductsAreNd4jGemmsBits() {
        assertTrue(DirectGemm.AVAILABLE, "ND4J's BLAS here is OpenBLAS, so the direct path is the one tested");
        int[][] shapes = {{2000, 64, 64}, {80, 64, 64}, {64, 2000, 64}, {33, 2000, 64}, {64, 80, 64}, {2000, 33, 64}};
        for (int[] shape : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                checkAgainstNd4j(shape[0], shape[1], shape[2], ta, tb);
            }
        }
        checkAgainstNd4j(1, 2000, 64, false, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectGemm.gemm(
                DenseLayers.matrix(2, 3), false, DenseLayers.matrix(4, 5), false, DenseLayers.matrix(2, 5), 0.0));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectGemm.gemm(
                DenseLayers.matrix(3, 2), true, DenseLayers.matrix(3, 5), false, DenseLayers.matrix(3, 5), 0.0));
        assertTrue(e.getMessage().contains("into [3, 5]"), e.getMessage());
    }

    private static void checkAgainstNd4j(int m, int k, int n, boolean ta, boolean tb) {
        Nd4j.getRandom().setSeed(m * 31L + k * 7L + n + (ta ? 1000 : 0) + (tb ? 2000 : 0));
        INDArray a = ta ? Nd4j.randn(DataType.FLOAT, k, m) : Nd4j.randn(DataType.FLOAT, m, k);
        INDArray b = tb ? Nd4j.randn(DataType.FLOAT, n, k) : Nd4j.randn(DataType.FLOAT, k, n);
        INDArray start = Nd4j.randn(DataType.FLOAT, m, n);
        String what = m + "x" + k + "x" + n + (ta ? " A transposed" : "") + (tb ? " B transposed" : "");
        for (double beta : new double[]{0.0, 1.0}) {
            INDArray viaNd4j = start.dup();
            INDArray direct = start.dup();
            Nd4j.gemm(a, b, viaNd4j, ta, tb, 1.0, beta);
            DirectGemm.gemm(a, ta, b, tb, direct, beta);
            assertArrayEquals(viaNd4j.data().asFloat(), direct.data().asFloat(), 0f, what + ", beta " + beta);
        }
    }

    @Test
    void encoderForwardAndBackwardMatchNaive() {
        SplittableRandom rng = new SplittableRandom(9);
        int m = 11;
        int f = 4;
        int h = 6;
        double[][] x = random(rng, m, f);
        double[][] w0 = random(rng, f, h);
        double[][] w1 = random(rng, h, h);
        double[][] b0 = random(rng, 1, h);
        double[][] b1 = random(rng, 1, h);
        INDArray[] w = {array(w0), array(w1)};
        INDArray[] b = {array(b0), array(b1)};
        INDArray[] outs = {DenseLayers.matrix(m, h), DenseLayers.matrix(m, h)};
        DenseLayers.forward(array(x), w, b, outs);
        double[][] z0 = naive(x, w0);
        double[][] e1 = new double[m][h];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < h; j++) {
                e1[i][j] = Math.max(0, z0[i][j] + (float) b0[0][j]);
            }
        }
        double[][] z1 = naive(e1, w1);
        double[][] e2 = new double[m][h];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < h; j++) {
                e2[i][j] = Math.max(0, z1[i][j] + (float) b1[0][j]);
            }
        }
        assertMatrix(e1, outs[0], "layer 0");
        assertMatrix(e2, outs[1], "layer 1");
        // Backward of L = Σ up ⊙ e2.
        double[][] up = random(rng, m, h);
        INDArray[] wg = {DenseLayers.matrix(f, h), DenseLayers.matrix(h, h)};
        INDArray[] bg = {DenseLayers.matrix(1, h), DenseLayers.matrix(1, h)};
        DenseLayers.backward(array(x), w, outs, array(up), DenseLayers.matrix(m, h), wg, bg, new float[2][]);
        double[][] dz1 = new double[m][h];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < h; j++) {
                dz1[i][j] = e2[i][j] > 0 ? (float) up[i][j] : 0;
            }
        }
        double[][] de1 = naive(dz1, t(w1));
        double[][] dz0 = new double[m][h];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < h; j++) {
                dz0[i][j] = e1[i][j] > 0 ? de1[i][j] : 0;
            }
        }
        assertMatrix(naive(t(e1), dz1), wg[1], "∂W₁");
        assertMatrix(naive(t(x), dz0), wg[0], "∂W₀");
        assertMatrix(new double[][]{columnSums(dz1)}, bg[1], "∂b₁");
        assertMatrix(new double[][]{columnSums(dz0)}, bg[0], "∂b₀");
    }

    /**
     * The Java ReLU gradient multiplies by exactly the factor ND4J's {@code sign} gives a ReLU output (0 at +0, 1 for
     * every positive float, the subnormals and the largest included), bit for bit, negative upstream values (whose
     * product with 0 is −0) included; over an array of two and a half blocks ({@code DenseLayers.RELU_BLOCK}), so
     * that every block, the last partial one too, is checked.
     */
    @Test
    void reluGradientIsTheSignFactorBitForBit() {
        float[] edge = {0f, Float.MIN_VALUE, 2 * Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(Float.MIN_NORMAL),
            1e-30f, 0.5f, 1f, 3.75f, 1e30f, Float.MAX_VALUE};
        SplittableRandom rng = new SplittableRandom(5);
        int n = 5 * DenseLayers.RELU_BLOCK / 2 + 10;
        float[] r = new float[n];
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = i < edge.length ? edge[i] : (rng.nextBoolean() ? 0f : (float) (rng.nextDouble() * 10));
            d[i] = (float) (2 * rng.nextDouble() - 1);
        }
        INDArray activations = DenseLayers.matrix(n / 10, 10);
        ParameterArrays.writeFloats(r, activations);
        INDArray upstream = DenseLayers.matrix(n / 10, 10);
        ParameterArrays.writeFloats(d, upstream);
        INDArray expected = upstream.mul(org.nd4j.linalg.ops.transforms.Transforms.sign(activations));
        DenseLayers.reluGradient(upstream, activations, new float[2][]);
        float[] want = ParameterArrays.readFloats(expected, new float[n]);
        float[] got = ParameterArrays.readFloats(upstream, new float[n]);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                    "entry " + i + ": activation " + r[i] + ", upstream " + d[i]);
        }
    }

    /** A row tiled to a length that is and one that is not a multiple of it, against the naive repetition. */
    @Test
    void tiledRowRepeatsTheRow() {
        float[] row = {1f, -2f, 3.5f};
        for (int length : new int[]{0, 1, 3, 7, 12, 100}) {
            float[] out = TiledRow.tile(row, new float[length + 2], length);
            for (int i = 0; i < length; i++) {
                assertEquals(row[i % row.length], out[i], "length " + length + " entry " + i);
            }
            assertEquals(0f, out[length], "entry past the length " + length + " untouched");
        }
    }

    private static double[] columnSums(double[][] m) {
        double[] out = new double[m[0].length];
        for (double[] row : m) {
            for (int j = 0; j < out.length; j++) {
                out[j] += row[j];
            }
        }
        return out;
    }
}
