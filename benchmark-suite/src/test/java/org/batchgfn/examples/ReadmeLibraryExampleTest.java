package org.batchgfn.examples;

import org.batchgfn.acquisition.BatchAcquirer;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.datasets.SeedSetSampler;
import org.batchgfn.datasets.ToyRegressionTask;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.kernel.KernelType;
import org.batchgfn.problem.AcquisitionProblem;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the README's "Using the library from Java" snippet compiling and meaningful: the code between the
 * {@code README snippet} markers is the README's code verbatim (checked by the second test), and the first test
 * checks its result against independent facts (distinct candidates that are not labelled; greedy BatchBALD's batch
 * carries more joint information than random batches).
 */
class ReadmeLibraryExampleTest {

    private static final Path SOURCE = Path.of("src/test/java/org/batchgfn/examples/ReadmeLibraryExampleTest.java");
    private static final Path README = Path.of("../README.md");

    @Test
    void readmeSnippetChoosesAnInformativeBatchOfUnlabelledRows() {
        // README snippet begin
        ToyRegressionTask task = new ToyRegressionTask(500, 200, 0.1, 1L, 2L);
        MutableDataset<Regressor> pool = task.poolDataset();
        int[] seed = new SeedSetSampler(10).sample(pool.size(), 7L);

        // The labelled seed set, and the remaining rows as the candidates (a labelled row is never one).
        MutableDataset<Regressor> labelled = new MutableDataset<>(pool.getProvenance(), pool.getOutputFactory());
        List<Example<Regressor>> unlabelled = new ArrayList<>();
        boolean[] isSeed = new boolean[pool.size()];
        Arrays.stream(seed).forEach(i -> isSeed[i] = true);
        for (int i = 0; i < pool.size(); i++) {
            if (isSeed[i]) {
                labelled.add(pool.getExample(i));
            } else {
                unlabelled.add(pool.getExample(i));
            }
        }

        // Fit the exact GP (Matérn-5/2, hyperparameters by maximising the marginal likelihood) on the labelled rows
        // and ask greedy BatchBALD for the next B = 10 rows to label: one call.
        BatchAcquirer acquirer = new BatchAcquirer(new GaussianProcessTrainer(KernelType.MATERN52),
                new GreedyBatchBald(), 42L);
        BatchAcquirer.Acquisition next = acquirer.acquire(labelled, unlabelled, 10);
        List<Example<Regressor>> toLabel = next.examples();  // in selection order
        int[] rows = next.indices();                          // their positions in unlabelled
        double jmi = next.jmi();                              // ½ log det(I + σ⁻² Σ_batch), in nats
        GaussianProcessModel gp = next.model();               // the GP fitted on the labelled rows
        // README snippet end

        assertEquals(10, toLabel.size());
        assertEquals(10, Arrays.stream(rows).distinct().count());
        for (int k = 0; k < rows.length; k++) {
            assertTrue(toLabel.get(k) == unlabelled.get(rows[k]));
            for (Example<Regressor> l : labelled) {
                assertFalse(l.lookup("x").getValue() == toLabel.get(k).lookup("x").getValue());
            }
        }
        AcquisitionProblem problem = AcquisitionProblem.of(gp, labelled, unlabelled);
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int[] random = new RandomAcquisition().select(problem, 10, rng);
            assertTrue(jmi > problem.reward().value(random),
                    "greedy JMI " + jmi + " should beat random batch " + Arrays.toString(random));
        }
    }

    @Test
    void theReadmeShowsExactlyTheseLines() throws Exception {
        List<String> source = Files.readAllLines(SOURCE);
        int begin = source.indexOf("        // README snippet begin");
        int end = source.indexOf("        // README snippet end");
        String snippet = source.subList(begin + 1, end).stream().map(l -> l.isEmpty() ? l : l.substring(8))
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(README);
        assertTrue(readme.contains("```java\n" + snippet + "\n```"), "README's Java example differs from the test");
    }
}
