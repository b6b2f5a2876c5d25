package org.batchgfn.onnx;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskedCategoricalTest {

    @Test
    void probabilitiesAreTheSoftmaxOverUnmaskedEntries() {
        // weights 1 : 2 : 3 on the unmasked entries; the masked entry's logit is huge and must not count.
        double[] logits = {0, 50, Math.log(2), Math.log(3)};
        boolean[] masked = {false, true, false, false};
        MaskedCategorical c = MaskedCategorical.of(logits, masked);
        assertEquals(1.0 / 6, c.probability(0), 1e-15);
        assertEquals(0.0, c.probability(1));
        assertEquals(2.0 / 6, c.probability(2), 1e-15);
        assertEquals(3.0 / 6, c.probability(3), 1e-15);
        assertEquals(Math.log(1.0 / 6), c.logProbability(0), 1e-14);
        assertEquals(Double.NEGATIVE_INFINITY, c.logProbability(1));
        assertEquals(Math.log(0.5), c.logProbability(3), 1e-14);
    }

    @Test
    void drawIsTheDrawableEntryOfLargestGumbelKeyAndDoesNotDependOnThePartitioning() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 40;
        double[] logits = new double[n];
        boolean[] masked = new boolean[n];
        for (int i = 0; i < n; i++) {
            logits[i] = 3 * rng.nextDouble();
            masked[i] = i % 7 == 3;
        }
        MaskedCategorical c = MaskedCategorical.of(logits, masked);
        for (long seed = 0; seed < 50; seed++) {
            for (int step = 0; step < 3; step++) {
                // Independent reference: split the entries into 3 interleaved parts, take each part's best key
                // (logit + Gumbel variate computed here from its definition), then the best of the parts.
                double bestKey = Double.NEGATIVE_INFINITY;
                int best = -1;
                for (int part = 0; part < 3; part++) {
                    for (int i = part; i < n; i += 3) {
                        if (masked[i]) {
                            continue;
                        }
                        double key = logits[i] - Math.log(-Math.log(SeededKeys.uniform(seed, step, i)));
                        if (key > bestKey) {
                            bestKey = key;
                            best = i;
                        }
                    }
                }
                assertEquals(best, c.draw(seed, step), "seed " + seed + ", step " + step);
            }
        }
        // ties go to the lower id
        assertTrue(MaskedCategorical.precedes(1.0, 3, 1.0, 4));
        assertTrue(!MaskedCategorical.precedes(1.0, 4, 1.0, 3));
        assertTrue(MaskedCategorical.precedes(1.5, 9, 1.0, 3));
    }

    @Test
    void frequenciesMatchProbabilitiesAndMaskedAreNeverDrawn() {
        SplittableRandom rng = new SplittableRandom(42);
        int n = 12;
        double[] logits = new double[n];
        boolean[] masked = new boolean[n];
        for (int i = 0; i < n; i++) {
            logits[i] = 2 * rng.nextDouble() - 1;
            masked[i] = i % 4 == 1;
        }
        logits[7] = Double.NEGATIVE_INFINITY; // unmasked but of probability zero
        MaskedCategorical c = MaskedCategorical.of(logits, masked);
        double[] expected = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++) {
            if (!masked[i]) {
                z += Math.exp(logits[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            expected[i] = masked[i] ? 0 : Math.exp(logits[i]) / z;
        }
        int draws = 200_000;
        int[] counts = new int[n];
        for (int t = 0; t < draws; t++) {
            counts[c.draw(rng.nextLong(), t % 4)]++;
        }
        for (int i = 0; i < n; i++) {
            if (expected[i] == 0) {
                assertEquals(0, counts[i], "entry " + i + " has probability 0 but was drawn");
            } else {
                double sd = Math.sqrt(draws * expected[i] * (1 - expected[i]));
                assertEquals(draws * expected[i], counts[i], 5 * sd, "frequency of entry " + i);
            }
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        MaskedCategorical c = MaskedCategorical.of(new double[]{1000, 1000 + Math.log(3)}, new boolean[2]);
        assertEquals(0.25, c.probability(0), 1e-12);
        assertEquals(Math.log(0.75), c.logProbability(1), 1e-12);
    }

    @Test
    void rejectsWhatCannotBeSampled() {
        IllegalArgumentException allMasked = assertThrows(IllegalArgumentException.class,
                () -> MaskedCategorical.of(new double[]{1, 2}, new boolean[]{true, true}));
        assertTrue(allMasked.getMessage().contains("no entry can be drawn"), allMasked.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskedCategorical.of(
                new double[]{Double.NEGATIVE_INFINITY, 0}, new boolean[]{false, true}));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> MaskedCategorical.of(new double[]{0, Double.NaN}, new boolean[2]));
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
        // a NaN under the mask is ignored
        assertEquals(1.0, MaskedCategorical.of(new double[]{0, Double.NaN}, new boolean[]{false, true})
                .probability(0));
        assertThrows(IllegalArgumentException.class, () -> MaskedCategorical.of(new double[3], new boolean[2]));
    }

    /**
     * The sampler's static draw (no distribution built) is the instance draw, checked by the brute-force argmax of
     * the Gumbel keys, and rejects the same arguments.
     */
    @Test
    void staticDrawIsTheInstanceDraw() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 300;
        for (int trial = 0; trial < 20; trial++) {
            double[] logits = new double[n];
            boolean[] masked = new boolean[n];
            for (int i = 0; i < n; i++) {
                logits[i] = rng.nextDouble() < 0.05 ? Double.NEGATIVE_INFINITY : 4 * rng.nextGaussian();
                masked[i] = rng.nextDouble() < 0.2;
            }
            long seed = rng.nextLong();
            int step = trial % 10;
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!masked[i] && logits[i] != Double.NEGATIVE_INFINITY && (best < 0
                        || MaskedCategorical.key(logits[i], seed, step, i)
                        > MaskedCategorical.key(logits[best], seed, step, best))) {
                    best = i;
                }
            }
            assertEquals(best, MaskedCategorical.draw(logits, masked, seed, step));
            assertEquals(best, MaskedCategorical.of(logits, masked).draw(seed, step));
        }
        assertThrows(IllegalArgumentException.class,
                () -> MaskedCategorical.draw(new double[]{1, 2}, new boolean[]{true, true}, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> MaskedCategorical.draw(new double[]{0, Double.NaN}, new boolean[2], 1, 0));
        assertThrows(IllegalArgumentException.class, () -> MaskedCategorical.draw(new double[3], new boolean[2], 1, 0));
    }

    /**
     * The draw takes exact keys only where the cheap bound lets an entry win; its winner must be the brute-force
     * argmax of all exact keys (largest key, ties to the lower id) on large pools, with and without global ids, on
     * flat, moderate, peaked and very large logits, and the bound must hold on every entry.
     */
    @Test
    void prunedDrawIsTheArgmaxOfEveryKey() {
        SplittableRandom rng = new SplittableRandom(17);
        int n = 2000;
        double[] scales = {0, 1e-3, 1, 5, 20, 100, 1e6};
        for (int trial = 0; trial < 120; trial++) {
            double scale = scales[trial % scales.length];
            double offset = trial % 4 == 0 ? -1e4 : 3 * rng.nextGaussian();
            double[] logits = new double[n];
            boolean[] masked = new boolean[n];
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                logits[i] = offset + scale * rng.nextGaussian();
                masked[i] = rng.nextDouble() < 0.01;
                ids[i] = 7L * i + 100_000L * trial;
            }
            long seed = rng.nextLong();
            int step = trial % 10;
            for (long[] idsOrNull : new long[][]{null, ids}) {
                int best = -1;
                double bestKey = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    if (masked[i]) {
                        continue;
                    }
                    long id = idsOrNull == null ? i : idsOrNull[i];
                    double key = logits[i] - Math.log(-Math.log(SeededKeys.uniform(seed, step, id)));
                    assertTrue(SeededKeys.gumbel(seed, step, id) <= SeededKeys.gumbelUpperBound(seed, step, id),
                            "bound below the Gumbel variate at id " + id);
                    if (key > bestKey) {
                        bestKey = key;
                        best = i;
                    }
                }
                MaskedCategorical c = MaskedCategorical.of(logits, masked);
                assertEquals(best, idsOrNull == null ? c.draw(seed, step) : c.draw(seed, step, idsOrNull),
                        "trial " + trial + (idsOrNull == null ? "" : " with ids"));
            }
        }
    }

    /** The Gumbel bound at the edges of the uniform: ½ and its neighbour below, the largest uniforms, tiny ones. */
    @Test
    void gumbelBoundHoldsAtTheEdges() {
        double[] us = {0x1.0p-54, 1e-300, 0.25, Math.nextDown(0.5), 0.5, Math.nextUp(0.5), 0.75, 0.9, 0.999999,
                1 - 0x1.0p-40, 1 - 0x1.0p-53, Math.nextDown(1.0)};
        for (double u : us) {
            double g = -Math.log(-Math.log(u));
            double bound = SeededKeys.gumbelUpperBound(u);
            assertTrue(g <= bound, "u = " + u + ": Gumbel " + g + " above its bound " + bound);
            // and the bound is useful: within ln 2 + (−log u − (1 − u)) / (1 − u) of the variate near 1
            if (u >= 0.9) {
                assertTrue(bound - g < 0.75, "u = " + u + ": bound " + bound + " is loose against " + g);
            }
        }
    }
}
