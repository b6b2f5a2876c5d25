package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedSetSamplerTest {

    @Test
    void drawsDistinctIndicesInRangeReproducibly() {
        SeedSetSampler sampler = new SeedSetSampler(20);
        for (long seed = 0; seed < 50; seed++) {
            int[] s = sampler.sample(2000, seed);
            assertEquals(20, s.length);
            assertEquals(20, Arrays.stream(s).distinct().count(), "duplicates for seed " + seed);
            assertTrue(Arrays.stream(s).allMatch(i -> i >= 0 && i < 2000));
            assertArrayEquals(s, sampler.sample(2000, seed));
        }
        assertFalse(Arrays.equals(sampler.sample(2000, 1L), sampler.sample(2000, 2L)));
    }

    @Test
    void fullSizeSeedSetIsAPermutation() {
        int[] s = new SeedSetSampler(7).sample(7, 3L);
        int[] sorted = s.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6}, sorted);
    }

    @Test
    void everyPoolPointIsEquallyLikely() {
        // Choosing 3 of 5 uniformly includes each index with probability 3/5.
        int trials = 5000;
        int[] counts = new int[5];
        SeedSetSampler sampler = new SeedSetSampler(3);
        for (long seed = 0; seed < trials; seed++) {
            for (int i : sampler.sample(5, seed)) {
                counts[i]++;
            }
        }
        double sd = Math.sqrt(trials * 0.6 * 0.4);
        for (int i = 0; i < 5; i++) {
            assertEquals(0.6 * trials, counts[i], 5 * sd, "index " + i);
        }
    }

    @Test
    void rejectsBadSizes() {
        PropertyException e = assertThrows(PropertyException.class, () -> new SeedSetSampler(0));
        assertEquals("seedSetSize", e.getProperty());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> new SeedSetSampler(11).sample(10, 1L));
        assertTrue(tooBig.getMessage().contains("11") && tooBig.getMessage().contains("pool size 10"),
                tooBig.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new SeedSetSampler(1).sample(0, 1L));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }
}
