package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.reward.DirectJmi;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExhaustiveBatchSearchTest {

    private static final double NOISE = 0.25;

    @Test
    void matchesBruteForceEnumeration() {
        SplittableRandom rng = new SplittableRandom(21);
        ExhaustiveBatchSearch search = new ExhaustiveBatchSearch();
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rng.nextInt(8);
            int b = 1 + rng.nextInt(Math.min(n, 4));
            double[][] sigma = DirectJmi.randomPsd(n, 1 + rng.nextInt(n), rng);
            int[] bestSet = null;
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int[] set : Problems.combinations(n, b)) {
                double v = DirectJmi.jmi(sigma, NOISE, set);
                if (v > best) {
                    second = best;
                    best = v;
                    bestSet = set;
                } else if (v > second) {
                    second = v;
                }
            }
            int[] found = search.select(Problems.of(sigma, NOISE), b, new SplittableRandom(0));
            assertEquals(best, DirectJmi.jmi(sigma, NOISE, found), 1e-9, "trial " + trial);
            if (best - second > 1e-6) {
                assertArrayEquals(bestSet, found, "trial " + trial);
            }
        }
    }

    @Test
    void beatsOrMatchesGreedy() {
        SplittableRandom rng = new SplittableRandom(22);
        for (int trial = 0; trial < 10; trial++) {
            double[][] sigma = DirectJmi.randomPsd(12, 2, rng);
            AcquisitionProblem p = Problems.of(sigma, NOISE);
            double exact = DirectJmi.jmi(sigma, NOISE, new ExhaustiveBatchSearch().select(p, 4, rng));
            double greedy = DirectJmi.jmi(sigma, NOISE, new GreedyBatchBald().select(p, 4, rng));
            assertTrue(exact >= greedy - 1e-9);
        }
    }

    @Test
    void refusesMoreSubsetsThanTheLimitWithCountInMessage() {
        double[][] sigma = DirectJmi.randomPsd(20, 20, new SplittableRandom(23));
        ExhaustiveBatchSearch small = new ExhaustiveBatchSearch(1000);
        // C(20, 4) = 4845 > 1000, C(20, 2) = 190 <= 1000.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small.select(Problems.of(sigma, NOISE), 4, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("C(20, 4) = 4845"), e.getMessage());
        assertTrue(e.getMessage().contains("maxSubsets = 1000"), e.getMessage());
        assertEquals(2, small.select(Problems.of(sigma, NOISE), 2, new SplittableRandom(0)).length);
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> new ExhaustiveBatchSearch(0));
        assertTrue(limit.getMessage().contains("maxSubsets must be >= 1"), limit.getMessage());
    }

    @Test
    void binomialIsExactBelowTheCapAndSaturatesAbove() {
        assertEquals(4845, ExhaustiveBatchSearch.binomial(20, 4, Long.MAX_VALUE));
        assertEquals(1, ExhaustiveBatchSearch.binomial(9, 9, 10));
        assertEquals(2_000_001, ExhaustiveBatchSearch.binomial(2000, 10, 2_000_000));
        assertEquals("100891344545564193334812497256", ExhaustiveBatchSearch.binomialText(100, 50));
        assertEquals(ExhaustiveBatchSearch.DEFAULT_MAX_SUBSETS, new ExhaustiveBatchSearch().maxSubsets());
    }
}
