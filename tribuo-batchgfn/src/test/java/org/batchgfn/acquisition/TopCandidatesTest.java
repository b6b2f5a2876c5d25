package org.batchgfn.acquisition;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopCandidatesTest {

    /** Top k of blocks merged in any order equals a full sort by (score descending, id ascending). */
    @Test
    void mergedBlocksEqualTheSortedWholeWithTiesToTheLowerId() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            int n = 20 + rng.nextInt(80);
            int k = 1 + rng.nextInt(12);
            long[] ids = new long[n];
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                ids[i] = 1000 - 3L * i; // ids not in row order
                scores[i] = rng.nextInt(6); // many ties
            }
            long[] expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingLong(i -> ids[i]))
                    .limit(k).mapToLong(i -> ids[i]).toArray();
            int parts = 1 + rng.nextInt(5);
            TopCandidates merged = null;
            for (int p = parts - 1; p >= 0; p--) {
                int from = p * n / parts;
                int to = (p + 1) * n / parts;
                TopCandidates block = TopCandidates.of(Arrays.copyOfRange(ids, from, to),
                        Arrays.copyOfRange(scores, from, to), k);
                merged = merged == null ? block : block.merge(merged, k);
            }
            assertArrayEquals(expected, merged.ids(), "trial " + trial);
        }
    }

    @Test
    void refusesNaNScores() {
        assertThrows(IllegalArgumentException.class,
                () -> TopCandidates.of(new long[]{1, 2}, new double[]{0, Double.NaN}, 1));
    }
}
