package org.batchgfn.examples;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.datasets.SeedSetSampler;
import org.batchgfn.datasets.ToyRegressionTask;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.kernel.KernelType;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README's "Using the library from Java" snippet compiling and meaningful: the code between the
 * {@code README snippet} markers is the README's code verbatim, and the test checks its result against independent
 * facts (distinct in-range indices; greedy BatchBALD's batch carries more joint information than random batches).
 */
class ReadmeLibraryExampleTest {

    @Test
    void readmeSnippetChoosesAnInformativeBatch() {
        // README snippet begin
        ToyRegressionTask task = new ToyRegressionTask(500, 200, 0.1, 1L, 2L);
        MutableDataset<Regressor> pool = task.poolDataset();
        int[] seed = new SeedSetSampler(10).sample(pool.size(), 7L);

        // Fit the exact GP (Matérn-5/2, hyperparameters by maximising the marginal likelihood) on the seed set.
        MutableDataset<Regressor> train = new MutableDataset<>(pool.getProvenance(), pool.getOutputFactory());
        for (int i : seed) {
            train.add(pool.getExample(i));
        }
        GaussianProcessModel gp = new GaussianProcessTrainer(KernelType.MATERN52).train(train);

        // Ask greedy BatchBALD for the next B = 10 pool rows to label.
        List<Example<Regressor>> unlabelled = new ArrayList<>();
        pool.forEach(unlabelled::add);
        double[][] trainX = gp.featureMatrix(train);
        double[] trainY = train.getData().stream().mapToDouble(e -> e.getOutput().getValues()[0]).toArray();
        AcquisitionProblem problem = AcquisitionProblem.of(gp.featureMatrix(unlabelled), trainX, trainY,
                gp.posterior());
        int[] batch = new GreedyBatchBald().select(problem, 10, new SplittableRandom(42));
        double jmi = problem.reward().value(batch);   // ½ log det(I + σ⁻² Σ_batch), in nats
        // README snippet end

        assertEquals(10, batch.length);
        assertEquals(10, Arrays.stream(batch).distinct().count());
        assertTrue(Arrays.stream(batch).allMatch(i -> i >= 0 && i < pool.size()));
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int[] random = new RandomAcquisition().select(problem, 10, rng);
            assertTrue(jmi > problem.reward().value(random),
                    "greedy JMI " + jmi + " should beat random batch " + Arrays.toString(random));
        }
    }
}
