package org.batchgfn.gflownet;

import org.batchgfn.acquisition.AcquisitionProblem;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.reward.JointMutualInformation;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchGfnAcquisitionTest {

    private static AcquisitionProblem problem(int n) {
        double[] x = ToyPosterior.inputs(n, 31);
        JointMutualInformation jmi = new JointMutualInformation(
                ToyPosterior.covariance(x, new double[]{0.5}, 0.5, 0.01), 0.01);
        // The strategy reads only the pool and the reward; the GP posterior is not needed here.
        return new AcquisitionProblem(ToyPosterior.column(x), new double[][]{{0.5}}, new double[]{1.0}, null, jmi);
    }

    private static BatchGfnAcquisition strategy() {
        return new BatchGfnAcquisition(new PolicyArchitecture(16, 2), new TrainerSettings(20, 4, 1e-3, 0.1, 0.9, 0.1),
                5);
    }

    @Test
    void returnsDistinctIndicesDeterministically() {
        AcquisitionProblem p = problem(9);
        int[] a = strategy().select(p, 3, new SplittableRandom(1));
        int[] b = strategy().select(p, 3, new SplittableRandom(1));
        assertArrayEquals(a, b);
        assertEquals(3, Arrays.stream(a).distinct().count());
        assertEquals("batchgfn", strategy().name());
    }

    /** The default (ONNX runtime) and the DL4J snapshot choose the same batch from the same random source. */
    @Test
    void onnxAndDl4jInferenceChooseTheSameBatch() {
        AcquisitionProblem p = problem(12);
        for (long seed = 1; seed <= 3; seed++) {
            int[] onnx = strategy().select(p, 3, new SplittableRandom(seed));
            int[] dl4j = strategy().withOnnxSampling(false).select(p, 3, new SplittableRandom(seed));
            assertArrayEquals(dl4j, onnx, "seed " + seed);
        }
        assertTrue(strategy().toString().contains("sampleWithOnnx=true"));
        assertTrue(strategy().withOnnxSampling(false).toString().contains("sampleWithOnnx=false"));
    }

    @Test
    void rejectsInvalidBatchSizeAndSettings() {
        AcquisitionProblem p = problem(4);
        assertThrows(IllegalArgumentException.class, () -> strategy().select(p, 5, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> strategy().select(p, 0, new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> new BatchGfnAcquisition(new PolicyArchitecture(8, 1),
                new TrainerSettings(1, 1, 1e-3, 0.1, 0.9, 0.1), 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainerSettings(1, 1, 1e-3, 0.1, 0.9, -1));
    }
}
