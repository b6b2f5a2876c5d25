package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToyRegressionTaskTest {

    @Test
    void defaultsFollowThePaper() {
        ToyRegressionTask task = new ToyRegressionTask();
        assertEquals(2000, task.poolDataset().size());
        assertEquals(1000, task.testDataset().size());
        assertEquals(0.1, task.pool().noiseStd());
        assertEquals(0.1, task.test().noiseStd());
        assertTrue(task.pool().seed() != task.test().seed());
    }

    @Test
    void poolAndTestAreDisjointAndReproducible() {
        ToyRegressionTask a = new ToyRegressionTask(300, 200, 0.1, 10L, 20L);
        ToyRegressionTask b = new ToyRegressionTask(300, 200, 0.1, 10L, 20L);
        double[][] poolA = ToyRegressionSourceTest.xy(a.pool());
        double[][] testA = ToyRegressionSourceTest.xy(a.test());
        assertArrayEquals(poolA[0], ToyRegressionSourceTest.xy(b.pool())[0], 0.0);
        assertArrayEquals(testA[1], ToyRegressionSourceTest.xy(b.test())[1], 0.0);
        // Continuous draws from different seeds share no input value.
        Set<Double> poolX = new HashSet<>();
        for (double x : poolA[0]) {
            poolX.add(x);
        }
        for (double x : testA[0]) {
            assertTrue(!poolX.contains(x), "test point " + x + " also in the pool");
        }
        assertEquals(300, poolX.size());
    }

    @Test
    void rejectsBadConfiguration() {
        assertEquals("poolSize", assertThrows(PropertyException.class,
                () -> new ToyRegressionTask(0, 10, 0.1, 1L, 2L)).getProperty());
        assertEquals("testSize", assertThrows(PropertyException.class,
                () -> new ToyRegressionTask(10, -1, 0.1, 1L, 2L)).getProperty());
        assertEquals("noiseStd", assertThrows(PropertyException.class,
                () -> new ToyRegressionTask(10, 10, Double.NaN, 1L, 2L)).getProperty());
        PropertyException sameSeed = assertThrows(PropertyException.class,
                () -> new ToyRegressionTask(10, 10, 0.1, 4L, 4L));
        assertEquals("testSeed", sameSeed.getProperty());
        assertTrue(sameSeed.getMessage().contains("differ from poolSeed"), sameSeed.getMessage());
    }
}
