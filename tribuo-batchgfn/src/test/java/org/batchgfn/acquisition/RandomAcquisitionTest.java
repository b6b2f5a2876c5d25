package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomAcquisitionTest {

    @Test
    void picksDistinctPointsWithUniformFirstPickAndUniformMembership() {
        int n = 8;
        int b = 3;
        int draws = 16_000;
        AcquisitionProblem problem = Problems.of(Problems.diagonal(5, 1, 1, 1, 1, 1, 1, 0.1), 0.1);
        RandomAcquisition random = new RandomAcquisition();
        SplittableRandom rng = new SplittableRandom(41);
        int[] first = new int[n];
        int[] member = new int[n];
        for (int d = 0; d < draws; d++) {
            int[] batch = random.select(problem, b, rng);
            assertEquals(b, batch.length);
            assertTrue(Problems.distinctInRange(batch, n), Arrays.toString(batch));
            first[batch[0]]++;
            for (int x : batch) {
                member[x]++;
            }
        }
        double p = 1.0 / n;
        double q = (double) b / n;
        for (int i = 0; i < n; i++) {
            assertEquals(draws * p, first[i], 4 * Math.sqrt(draws * p * (1 - p)), "first pick " + i);
            assertEquals(draws * q, member[i], 4 * Math.sqrt(draws * q * (1 - q)), "membership " + i);
        }
    }

    @Test
    void wholePoolIsAPermutationAndSeedsReproduce() {
        AcquisitionProblem problem = Problems.of(Problems.diagonal(1, 1, 1, 1, 1), 0.1);
        int[] all = new RandomAcquisition().select(problem, 5, new SplittableRandom(42));
        assertTrue(Problems.distinctInRange(all, 5));
        assertEquals(Arrays.toString(all),
                Arrays.toString(new RandomAcquisition().select(problem, 5, new SplittableRandom(42))));
        assertEquals("random", new RandomAcquisition().name());
    }
}
