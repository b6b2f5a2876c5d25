package org.batchgfn.loop;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle, the pool bookkeeping and the test-set scores, each against hand-computed truth. */
class LoopPartsTest {

    static MutableDataset<Regressor> dataset(double[] x, double[] y) {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> d = new MutableDataset<>(new SimpleDataSourceProvenance("test rows", factory),
                factory);
        for (int i = 0; i < x.length; i++) {
            d.add(new ArrayExample<>(new Regressor("y", y[i]), new String[]{"x"}, new double[]{x[i]}));
        }
        return d;
    }

    @Test
    void datasetOracleAnswersEachRowWithItsOwnLabelAsACopy() {
        MutableDataset<Regressor> d = dataset(new double[]{0.5, 1.5, 2.5}, new double[]{10, 20, 30});
        DatasetOracle oracle = new DatasetOracle(d);
        assertEquals(3, oracle.poolSize());
        for (int i = 0; i < 3; i++) {
            Example<Regressor> e = oracle.label(i);
            assertEquals(10.0 * (i + 1), e.getOutput().getValues()[0]);
            assertEquals(0.5 + i, e.lookup("x").getValue());
        }
        oracle.label(1).setWeight(7f);
        assertEquals(1f, d.getExample(1).getWeight());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> oracle.label(3));
        assertTrue(e.getMessage().contains("pool index 3 is outside the oracle's pool [0, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> oracle.label(-1));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new DatasetOracle(dataset(new double[0], new double[0])));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void partitionMapsSubPoolIndicesBackToPoolRowsAndNeverRelabels() {
        PoolPartition p = new PoolPartition(8);
        p.markLabelled(new int[]{2, 5});
        assertArrayEquals(new int[]{0, 1, 3, 4, 6, 7}, p.unlabelled());
        assertArrayEquals(new int[]{7, 0, 3}, p.toPoolIndices(new int[]{5, 0, 2}));
        p.markLabelled(new int[]{7, 0, 3});
        assertArrayEquals(new int[]{1, 4, 6}, p.unlabelled());
        assertTrue(p.isLabelled(3) && !p.isLabelled(4));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> p.markLabelled(new int[]{4, 5}));
        assertTrue(twice.getMessage().contains("pool index 5 is already labelled"), twice.getMessage());
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> p.toPoolIndices(new int[]{3}));
        assertTrue(outside.getMessage().contains("outside the unlabelled pool [0, 3)"), outside.getMessage());
        IllegalStateException repeated = assertThrows(IllegalStateException.class,
                () -> p.toPoolIndices(new int[]{1, 1}));
        assertTrue(repeated.getMessage().contains("twice"), repeated.getMessage());
    }

    @Test
    void randomAcquisitionSequenceThroughThePartitionCoversThePoolExactlyOnce() {
        SplittableRandom rng = new SplittableRandom(3);
        PoolPartition p = new PoolPartition(50);
        int[] count = new int[50];
        while (p.unlabelledCount() > 0) {
            int b = Math.min(1 + rng.nextInt(7), p.unlabelledCount());
            int[] local = new int[b];
            // Strategy stand-in: the last b sub-pool positions in reverse.
            for (int k = 0; k < b; k++) {
                local[k] = p.unlabelledCount() - 1 - k;
            }
            int[] rows = p.toPoolIndices(local);
            for (int r : rows) {
                count[r]++;
            }
            p.markLabelled(rows);
        }
        for (int c : count) {
            assertEquals(1, c);
        }
    }

    @Test
    void predictiveScoresMatchHandComputedValues() {
        double[] y = {1, 2, 4};
        double[] mu = {1.5, 2, 3};
        double[] v = {1, 0.5, 2};
        PredictiveScores s = PredictiveScores.of(y, mu, v);
        assertEquals(Math.sqrt((0.25 + 0 + 1) / 3), s.rmse(), 1e-15);
        assertEquals((0.5 + 0 + 1) / 3, s.mae(), 1e-15);
        assertEquals(1.0, s.maxError(), 0.0); // |4 − 3|
        double nll = (0.5 * Math.log(2 * Math.PI) + 0.125 + 0.5 * Math.log(Math.PI) + 0
                + 0.5 * Math.log(4 * Math.PI) + 0.25) / 3;
        assertEquals(nll, s.nll(), 1e-14);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> PredictiveScores.of(y, mu, new double[]{1, 0, 1}));
        assertTrue(zero.getMessage().contains("predictive variance of test point 1 is 0.0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PredictiveScores.of(y, new double[2], v));
        assertThrows(IllegalArgumentException.class,
                () -> PredictiveScores.of(new double[0], new double[0], new double[0]));
    }

    @Test
    void roundResultIsImmutable() {
        int[] chosen = {4, 2};
        RoundResult r = new RoundResult(1, 12, 0.1, 0.2, 0.05, 1.3, 0.01, 0.5, chosen);
        chosen[0] = 99;
        r.chosenPoolIndices()[1] = 99;
        assertArrayEquals(new int[]{4, 2}, r.chosenPoolIndices());
    }
}
