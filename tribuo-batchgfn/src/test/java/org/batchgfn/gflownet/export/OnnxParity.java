package org.batchgfn.gflownet.export;

import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicyParameters;
import org.batchgfn.reward.BatchReward;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared pieces of the ONNX-versus-JVM parity tests: random data, an independent dense forward pass, tolerances. */
final class OnnxParity {

    private OnnxParity() {
    }

    /** N rows of d raw features with a non-unit scale and an offset per column, so standardisation matters. */
    static double[][] rawRows(SplittableRandom rng, int n, int d) {
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = 3.0 * (j + 1) * (rng.nextDouble() - 0.3) + 10 * j;
            }
        }
        return rows;
    }

    /**
     * A network over the pool (H wide, 2 encoder layers, B = b) with random values in every parameter.
     *
     * @param values source of the parameter values
     */
    static PolicyNetwork randomNetwork(double[][] standardizedPool, int h, int b, boolean conditioned,
                                       SplittableRandom values) {
        return randomNetwork(standardizedPool, new PolicyArchitecture(h, 2), b, conditioned, values);
    }

    /** As above with any architecture (e.g. with Fourier input features). */
    static PolicyNetwork randomNetwork(double[][] standardizedPool, PolicyArchitecture architecture, int b,
                                       boolean conditioned, SplittableRandom values) {
        PolicyNetwork network = new PolicyNetwork(standardizedPool, architecture,
                b, DataType.FLOAT, new SplittableRandom(3), conditioned);
        randomiseParameters(network, values);
        return network;
    }

    /** Random values in every parameter (biases start at zero), so that each one's wiring is exercised. */
    static void randomiseParameters(PolicyNetwork network, SplittableRandom rng) {
        for (INDArray p : network.parameters().values()) {
            double[] v = new double[(int) p.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.6 * (rng.nextDouble() - 0.5);
            }
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()).castTo(p.dataType()));
        }
    }

    /** {@code size} distinct indices of a pool of n. */
    static int[] randomState(SplittableRandom rng, int n, int size) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, size);
    }

    /** {@code relu(x W + b)} layer by layer with the named parameters {@code prefix_w<l>, prefix_b<l>}. */
    static double[][] encoder(PolicyNetwork network, String prefix, double[][] x) {
        double[][] e = x;
        for (int l = 0; l < network.architecture().encoderLayers(); l++) {
            e = relu(add(times(e, network.parameters().get(prefix + "_w" + l).toDoubleMatrix()),
                    network.parameters().get(prefix + "_b" + l).toDoubleVector()));
        }
        return e;
    }

    /**
     * The policy head written out in double precision from the network's parameters, independent of the network's
     * own forward pass and of the ONNX graph.
     *
     * @param standardizedPool the pool as the network's first encoder layer sees it (after any input map)
     * @param headShift        the train-set term {@code t W₃} of a conditioned network, or zeros
     */
    static double[] directLogits(PolicyNetwork network, double[][] standardizedPool, double[] headShift,
                                 int[] state) {
        var p = network.parameters();
        int h = network.architecture().hiddenWidth();
        double[][] e = encoder(network, "enc", standardizedPool);
        double[][] proj = add(times(e, p.get(PolicyParameters.HEAD_POINT_WEIGHT).toDoubleMatrix()), p.get(PolicyParameters.HEAD_BIAS).toDoubleVector());
        double[] c = new double[h];
        for (int s : state) {
            for (int j = 0; j < h; j++) {
                c[j] += e[s][j];
            }
        }
        double[] g = times(new double[][]{c}, p.get(PolicyParameters.HEAD_STATE_WEIGHT).toDoubleMatrix())[0];
        double[] v = p.get(PolicyParameters.HEAD_OUT).reshape(-1).toDoubleVector();
        double[] out = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < h; j++) {
                out[i] += v[j] * Math.max(0, proj[i][j] + g[j] + headShift[j]);
            }
        }
        for (int s : state) {
            out[s] = Double.NEGATIVE_INFINITY;
        }
        return out;
    }

    static double[][] times(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    out[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return out;
    }

    static double[][] add(double[][] a, double[] bias) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
            for (int j = 0; j < bias.length; j++) {
                out[i][j] += bias[j];
            }
        }
        return out;
    }

    static double[][] relu(double[][] a) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.max(0, row[j]);
            }
        }
        return a;
    }

    /**
     * Relative difference, scaled by the logits' magnitude so that logits near zero do not divide by ~0.
     *
     * @return the largest relative difference seen, {@code |a − e| / max(|e|, 0.1·max|e|)} over the finite logits
     *         (the quantity the assertion bounds by {@code rel})
     */
    static double assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0;
        for (double v : expected) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == Double.NEGATIVE_INFINITY) {
                assertEquals(Double.NEGATIVE_INFINITY, actual[i], what + " at masked index " + i);
            } else {
                double norm = Math.max(Math.abs(expected[i]), 0.1 * scale);
                assertEquals(expected[i], actual[i], rel * norm, what + " at index " + i);
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / norm);
            }
        }
        return worst;
    }

    /** A reward that is never consulted for sampling; the sampler's constructor only checks its pool size. */
    record ZeroReward(int poolSize) implements BatchReward {
        @Override
        public String name() {
            return "zero";
        }

        @Override
        public double value(int[] batch) {
            return 0;
        }
    }
}
