package org.batchgfn.acquisition;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
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

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchAcquirerTest {

    private final MutableDataset<Regressor> all = new ToyRegressionTask(60, 10, 0.1, 3L, 4L).poolDataset();
    private final MutableDataset<Regressor> labelled =
            new MutableDataset<>(all.getProvenance(), all.getOutputFactory());
    private final List<Example<Regressor>> unlabelled = new ArrayList<>();

    BatchAcquirerTest() {
        boolean[] seed = new boolean[all.size()];
        for (int i : new SeedSetSampler(8).sample(all.size(), 5L)) {
            seed[i] = true;
        }
        for (int i = 0; i < all.size(); i++) {
            if (seed[i]) {
                labelled.add(all.getExample(i));
            } else {
                unlabelled.add(all.getExample(i));
            }
        }
    }

    private static GaussianProcessTrainer trainer() {
        return new GaussianProcessTrainer(KernelType.MATERN52, 100, 0.1, true, true);
    }

    /** The problem built by hand from the examples' feature values (the toy task has the single feature "x"). */
    private AcquisitionProblem handBuilt(GaussianProcessModel gp) {
        double[][] pool = new double[unlabelled.size()][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new double[]{unlabelled.get(i).lookup("x").getValue()};
        }
        double[][] trainX = new double[labelled.size()][];
        double[] trainY = new double[labelled.size()];
        for (int i = 0; i < trainX.length; i++) {
            trainX[i] = new double[]{labelled.getExample(i).lookup("x").getValue()};
            trainY[i] = labelled.getExample(i).getOutput().getValues()[0];
        }
        return AcquisitionProblem.of(pool, trainX, trainY, gp.posterior());
    }

    @Test
    void theBatchIsTheStrategysOnTheEquivalentProblemAndHoldsNoLabelledExample() {
        for (AcquisitionStrategy strategy : new AcquisitionStrategy[]{new GreedyBatchBald(),
                new StochasticBaldAcquisition(StochasticBaldAcquisition.Variant.SOFTMAX, 1.0), new RandomAcquisition()}) {
            BatchAcquirer.Acquisition a = new BatchAcquirer(trainer(), strategy, 42L).acquire(labelled, unlabelled, 5);
            AcquisitionProblem problem = handBuilt(trainer().train(labelled));
            int[] expected = strategy.select(problem, 5, new SplittableRandom(42L));
            assertArrayEquals(expected, a.indices(), strategy.name());
            assertEquals(problem.reward().value(expected), a.jmi(), 1e-12, strategy.name());
            assertEquals(5, a.examples().size());
            for (int k = 0; k < 5; k++) {
                Example<Regressor> chosen = a.examples().get(k);
                assertSame(unlabelled.get(expected[k]), chosen);
                double x = chosen.lookup("x").getValue();
                for (Example<Regressor> l : labelled) {
                    assertFalse(l == chosen || l.lookup("x").getValue() == x, "a labelled example was chosen");
                }
            }
            assertEquals(labelled.size(), a.model().posterior().trainingSize());
        }
    }

    @Test
    void provenanceRebuildsAnAcquirerThatChoosesTheSameBatch() {
        BatchAcquirer original = new BatchAcquirer(trainer(),
                new StochasticBaldAcquisition(StochasticBaldAcquisition.Variant.POWER, 2.0), 7L);
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(ProvenanceUtil.extractConfiguration(original.getProvenance()));
        BatchAcquirer rebuilt = (BatchAcquirer) cm.lookup("batchacquirer-0");
        assertEquals(original.toString(), rebuilt.toString());
        assertArrayEquals(original.acquire(labelled, unlabelled, 4).indices(),
                rebuilt.acquire(labelled, unlabelled, 4).indices());
    }

    @Test
    void aLabelledExampleOfferedAsACandidateAndBadBatchSizesAreRefused() {
        BatchAcquirer acquirer = new BatchAcquirer(trainer(), new GreedyBatchBald(), 1L);
        List<Example<Regressor>> withLabelled = new ArrayList<>(unlabelled);
        withLabelled.add(labelled.getExample(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acquirer.acquire(labelled, withLabelled, 3));
        assertTrue(e.getMessage().contains("also in the labelled dataset"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> acquirer.acquire(labelled, unlabelled, 0));
        assertThrows(IllegalArgumentException.class,
                () -> acquirer.acquire(labelled, unlabelled, unlabelled.size() + 1));
    }
}
