package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network hands a finished pass's work arrays to its next pass, and the trainer keeps its gradient arrays from step
 * to step: neither may change a bit. Passes that reuse arrays (with garbage in them, of the same size and of another
 * number of states) give the outputs and gradients of passes of an identical network that never reuses anything, and
 * gradient arrays that do not match the parameters are refused by name.
 */
class PassWorkspaceTest {

    private static final int N = 700; // two kernel chunks
    private static final int B = 4;

    private static PolicyNetwork network() {
        SplittableRandom data = new SplittableRandom(31);
        double[][] pool = new double[N][2];
        for (double[] row : pool) {
            row[0] = data.nextGaussian();
            row[1] = data.nextGaussian();
        }
        return new PolicyNetwork(pool, new PolicyArchitecture(24, 2), B, DataType.FLOAT, new SplittableRandom(6));
    }

    private static int[][] actions(int trajectories, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] out = new int[trajectories][];
        for (int t = 0; t < trajectories; t++) {
            out[t] = rng.ints(0, N).distinct().limit(B).toArray();
        }
        return out;
    }

    private static double[] gradientOf(int states, long seed) {
        return new SplittableRandom(seed).doubles(states, -1, 1).toArray();
    }

    @Test
    void reusedArraysGiveTheBitsOfFreshOnes() {
        PolicyNetwork reusing = network();
        Map<String, INDArray> kept = reusing.newGradientArrays();
        for (int[] shape : new int[][]{{3, 1}, {3, 2}, {5, 3}, {2, 4}}) { // trajectories, seed: S changes twice
            int[][] actions = actions(shape[0], shape[1]);
            int states = shape[0] * B;
            // garbage in every reused array: the pass must overwrite all of it
            kept.values().forEach(a -> a.assign(Float.NaN));
            PolicyPass reused = reusing.forward(actions);
            Map<String, INDArray> got = reused.backward(gradientOf(states, 1), gradientOf(states, 2), kept);
            PolicyPass fresh = network().forward(actions); // a new network: nothing to reuse
            Map<String, INDArray> want = fresh.backward(gradientOf(states, 1), gradientOf(states, 2));
            String where = shape[0] + " trajectories";
            assertArrayEquals(fresh.logForward(), reused.logForward(), where);
            assertArrayEquals(fresh.logFlowTilde(), reused.logFlowTilde(), where);
            assertTrue(got == kept, "the gradients are written into the given arrays");
            for (String name : want.keySet()) {
                assertArrayEquals(want.get(name).ravel().toFloatVector(), got.get(name).ravel().toFloatVector(),
                        where + ": " + name);
            }
        }
    }

    @Test
    void mismatchedGradientArraysAreRefusedByName() {
        PolicyNetwork net = network();
        int[][] actions = actions(2, 5);
        double[] g = gradientOf(2 * B, 3);
        Map<String, INDArray> wrongShape = net.newGradientArrays();
        wrongShape.put(PolicyParameters.HEAD_OUT, DenseLayers.matrix(1, 23));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(actions).backward(g, g, wrongShape));
        assertTrue(e.getMessage().contains(PolicyParameters.HEAD_OUT), e.getMessage());
        Map<String, INDArray> missing = net.newGradientArrays();
        missing.remove(PolicyParameters.HEAD_BIAS);
        e = assertThrows(IllegalArgumentException.class, () -> net.forward(actions).backward(g, g, missing));
        assertTrue(e.getMessage().contains(PolicyParameters.HEAD_BIAS), e.getMessage());
    }
}
