package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.reward.DirectJmi;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BaldAcquisitionTest {

    @Test
    void picksLargestClosedFormScoresBestFirst() {
        SplittableRandom rng = new SplittableRandom(51);
        for (int trial = 0; trial < 10; trial++) {
            int n = 15;
            double[][] sigma = DirectJmi.randomPsd(n, 4, rng);
            int[] batch = new BaldAcquisition().select(Problems.of(sigma, 0.3), 5, rng);
            // Independent check: every chosen point outscores every unchosen one, chosen in descending order.
            boolean[] chosen = new boolean[n];
            for (int k = 0; k < batch.length; k++) {
                chosen[batch[k]] = true;
                if (k > 0) {
                    org.junit.jupiter.api.Assertions.assertTrue(
                            sigma[batch[k - 1]][batch[k - 1]] >= sigma[batch[k]][batch[k]]);
                }
            }
            double minChosen = Double.POSITIVE_INFINITY;
            double maxOther = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double score = 0.5 * Math.log(1 + sigma[i][i] / 0.3);
                if (chosen[i]) {
                    minChosen = Math.min(minChosen, score);
                } else {
                    maxOther = Math.max(maxOther, score);
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(minChosen >= maxOther);
        }
    }

    @Test
    void tiesGoToTheLowerIndex() {
        AcquisitionProblem problem = Problems.of(Problems.diagonal(1, 3, 2, 3, 2, 3), 0.5);
        assertArrayEquals(new int[]{1, 3, 5, 2}, new BaldAcquisition().select(problem, 4, new SplittableRandom(0)));
        assertEquals("bald", new BaldAcquisition().name());
    }
}
