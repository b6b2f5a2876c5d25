package org.batchgfn.loop;

import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.acquisition.RandomAcquisition;
import org.batchgfn.datasets.SeedSetSampler;
import org.batchgfn.datasets.ToyRegressionTask;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.kernel.KernelType;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveLearningLoopTest {

    private static final int POOL = 300;
    private static final int TEST = 300;
    private static final int SEED_SET = 10;

    /** The exact GP with few Adam epochs so a run of a few rounds takes about a second. */
    private static Trainer<Regressor> fastGpTrainer() {
        return new GaussianProcessTrainer(KernelType.MATERN52, 200, GaussianProcessTrainer.DEFAULT_LEARNING_RATE, true,
                true);
    }

    private static final ToyRegressionTask TASK = new ToyRegressionTask(POOL, TEST, 0.1, 1L, 2L);

    private static int[] seedSet() {
        return new SeedSetSampler(SEED_SET).sample(POOL, 17L);
    }

    /** Records every listener call in order. */
    private static final class RecordingListener implements ActiveLearningListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void roundStarted(int round, int labels) {
            calls.add("start " + round + " " + labels);
        }

        @Override
        public void roundFinished(RoundResult result) {
            calls.add("finish " + result.round() + " " + result.labels());
        }
    }

    @Test
    void batchBaldEndsWithLowerTestRmseThanRandomOnTheToyTask() {
        MutableDataset<Regressor> pool = TASK.poolDataset();
        MutableDataset<Regressor> test = TASK.testDataset();
        int[] seeds = seedSet();
        List<RoundResult> bald = new ActiveLearningLoop(fastGpTrainer(), new GreedyBatchBald(), 5, 25)
                .run(pool, new DatasetOracle(pool), seeds, test, new SplittableRandom(3));
        List<RoundResult> random = new ActiveLearningLoop(fastGpTrainer(), new RandomAcquisition(), 5, 25)
                .run(pool, new DatasetOracle(pool), seeds, test, new SplittableRandom(3));
        assertEquals(6, bald.size());
        assertEquals(6, random.size());
        double baldRmse = bald.get(5).testRmse();
        double randomRmse = random.get(5).testRmse();
        assertTrue(baldRmse < randomRmse, "BatchBALD RMSE " + baldRmse + " vs random " + randomRmse);
        // Round 0 is the same model for both (same seed set, same trainer).
        assertEquals(bald.get(0).testRmse(), random.get(0).testRmse(), 1e-9);
        for (RoundResult r : bald.subList(1, 6)) {
            assertTrue(r.batchJmi() > 0 && Double.isFinite(r.testNll()), r.toString());
        }
    }

    @Test
    void roundsAcquireDistinctUnlabelledPointsWithinBudgetAndNotifyTheListener() {
        MutableDataset<Regressor> pool = TASK.poolDataset();
        int[] seeds = seedSet();
        RecordingListener listener = new RecordingListener();
        // Budget 7 with B = 3: batches of 3, 3 and a shortened last batch of 1.
        List<RoundResult> results = new ActiveLearningLoop(fastGpTrainer(), new GreedyBatchBald(), 3, 7)
                .run(pool, new DatasetOracle(pool), seeds, TASK.testDataset(), new SplittableRandom(5), listener);
        assertEquals(4, results.size());
        int[] sizes = results.stream().mapToInt(r -> r.chosenPoolIndices().length).toArray();
        assertArrayEquals(new int[]{0, 3, 3, 1}, sizes);
        assertArrayEquals(new int[]{10, 13, 16, 17}, results.stream().mapToInt(RoundResult::labels).toArray());
        boolean[] seen = new boolean[POOL];
        for (int s : seeds) {
            seen[s] = true;
        }
        for (RoundResult r : results) {
            for (int row : r.chosenPoolIndices()) {
                assertTrue(row >= 0 && row < POOL && !seen[row], "pool row " + row + " acquired twice or is seed");
                seen[row] = true;
            }
        }
        assertEquals(List.of("start 0 0", "finish 0 10", "start 1 10", "finish 1 13", "start 2 13", "finish 2 16",
                "start 3 16", "finish 3 17"), listener.calls);
        assertTrue(Double.isNaN(results.get(0).batchJmi()));
    }

    @Test
    void runStopsWhenThePoolIsExhaustedBeforeTheBudget() {
        ToyRegressionTask tiny = new ToyRegressionTask(14, 20, 0.1, 4L, 5L);
        MutableDataset<Regressor> pool = tiny.poolDataset();
        List<RoundResult> results = new ActiveLearningLoop(fastGpTrainer(), new RandomAcquisition(), 3, 100)
                .run(pool, new DatasetOracle(pool), new int[]{0, 1, 2, 3, 4, 5}, tiny.testDataset(),
                        new SplittableRandom(6));
        // 8 unlabelled points: batches 3, 3, 2.
        int[] sizes = results.stream().mapToInt(r -> r.chosenPoolIndices().length).toArray();
        assertArrayEquals(new int[]{0, 3, 3, 2}, sizes);
        int[] all = results.stream().flatMapToInt(r -> Arrays.stream(r.chosenPoolIndices())).sorted().toArray();
        assertArrayEquals(new int[]{6, 7, 8, 9, 10, 11, 12, 13}, all);
    }

    @Test
    void nextBatchSizeIsShortenedByBudgetAndPool() {
        assertEquals(5, ActiveLearningLoop.nextBatchSize(5, 25, 100));
        assertEquals(2, ActiveLearningLoop.nextBatchSize(5, 2, 100));
        assertEquals(1, ActiveLearningLoop.nextBatchSize(5, 25, 1));
        assertEquals(0, ActiveLearningLoop.nextBatchSize(5, 0, 100));
        assertEquals(0, ActiveLearningLoop.nextBatchSize(5, 10, 0));
    }

    @Test
    void rejectsBadConfigurationAndInputs() {
        MutableDataset<Regressor> pool = TASK.poolDataset();
        MutableDataset<Regressor> test = TASK.testDataset();
        assertMessage("batch size must be >= 1, got 0",
                () -> new ActiveLearningLoop(fastGpTrainer(), new RandomAcquisition(), 0, 5));
        assertMessage("label budget must be >= 1, got 0",
                () -> new ActiveLearningLoop(fastGpTrainer(), new RandomAcquisition(), 2, 0));
        ActiveLearningLoop loop = new ActiveLearningLoop(fastGpTrainer(), new RandomAcquisition(), 2, 4);
        DatasetOracle small = new DatasetOracle(new ToyRegressionTask(5, 5, 0.1, 1L, 2L).poolDataset());
        assertMessage("the oracle labels 5 pool rows but the pool has 300",
                () -> loop.run(pool, small, seedSet(), test, new SplittableRandom(0)));
        assertMessage("the seed set is empty",
                () -> loop.run(pool, new DatasetOracle(pool), new int[0], test, new SplittableRandom(0)));
        assertMessage("pool index 3 is already labelled",
                () -> loop.run(pool, new DatasetOracle(pool), new int[]{3, 3}, test, new SplittableRandom(0)));
        assertMessage("pool index 300 is outside the pool",
                () -> loop.run(pool, new DatasetOracle(pool), new int[]{300}, test, new SplittableRandom(0)));
        ActiveLearningLoop dummy = new ActiveLearningLoop(
                DummyRegressionTrainer.createMeanTrainer(), new RandomAcquisition(), 2, 4);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> dummy.run(pool, new DatasetOracle(pool), seedSet(), test, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("needs a GaussianProcessModel"), e.getMessage());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
