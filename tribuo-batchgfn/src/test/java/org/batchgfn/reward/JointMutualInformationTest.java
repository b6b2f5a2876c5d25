package org.batchgfn.reward;

import org.batchgfn.gp.DenseCovariance;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JointMutualInformationTest {

    private static final double NOISE = 0.3;

    private static int[] randomBatch(int n, int b, SplittableRandom rng) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int k = 0; k < b; k++) {
            int j = k + rng.nextInt(n - k);
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, b);
    }

    @Test
    void valueMatchesDirectLogDeterminant() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rng.nextInt(20);
            double[][] sigma = DirectJmi.randomPsd(n, 1 + rng.nextInt(n + 3), rng);
            JointMutualInformation jmi = new JointMutualInformation(new DenseCovariance(sigma), NOISE);
            int[] batch = randomBatch(n, 1 + rng.nextInt(n), rng);
            double expected = DirectJmi.jmi(sigma, NOISE, batch);
            assertEquals(expected, jmi.value(batch), 1e-9 * (1 + Math.abs(expected)));
        }
    }

    @Test
    void valueOfDiagonalCovarianceIsSumOfClosedForms() {
        double[][] sigma = {{1, 0, 0}, {0, 2, 0}, {0, 0, 5}};
        JointMutualInformation jmi = new JointMutualInformation(new DenseCovariance(sigma), 0.5);
        double expected = 0.5 * (Math.log(3) + Math.log(5) + Math.log(11));
        assertEquals(expected, jmi.value(new int[]{2, 0, 1}), 1e-12);
        assertEquals(0.0, jmi.value(new int[0]));
    }

    @Test
    void valueIsInvariantToRescalingTargets() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] sigma = DirectJmi.randomPsd(8, 8, rng);
        double[][] scaled = new double[8][8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                scaled[i][j] = 7.5 * sigma[i][j];
            }
        }
        int[] batch = {1, 4, 6, 7};
        double a = new JointMutualInformation(new DenseCovariance(sigma), NOISE).value(batch);
        double b = new JointMutualInformation(new DenseCovariance(scaled), 7.5 * NOISE).value(batch);
        assertEquals(a, b, 1e-10);
    }

    @Test
    void prefixValuesMatchValueOfEachPrefix() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 10; trial++) {
            int n = 12;
            double[][] sigma = DirectJmi.randomPsd(n, 4 + rng.nextInt(10), rng);
            JointMutualInformation jmi = new JointMutualInformation(new DenseCovariance(sigma), NOISE);
            int[] batch = randomBatch(n, 7, rng);
            double[] prefix = jmi.prefixValues(batch);
            assertEquals(batch.length, prefix.length);
            for (int k = 0; k < batch.length; k++) {
                double direct = DirectJmi.jmi(sigma, NOISE, Arrays.copyOf(batch, k + 1));
                assertEquals(direct, prefix[k], 1e-9 * (1 + direct));
            }
        }
    }

    @Test
    void singlePointValuesAreClosedFormBaldScores() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] sigma = DirectJmi.randomPsd(10, 3, rng);
        double[] s = new JointMutualInformation(new DenseCovariance(sigma), NOISE).singlePointValues();
        for (int i = 0; i < 10; i++) {
            assertEquals(0.5 * Math.log(1 + sigma[i][i] / NOISE), s[i], 1e-12);
        }
    }

    @Test
    void marginalGainsEqualLogDetDifferencesAndSumToBatchValue() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 10; trial++) {
            int n = 10 + rng.nextInt(6);
            double[][] sigma = DirectJmi.randomPsd(n, 2 + rng.nextInt(n), rng);
            JointMutualInformation jmi = new JointMutualInformation(new DenseCovariance(sigma), NOISE);
            MarginalGains gains = jmi.marginalGains();
            int[] batch = randomBatch(n, 6, rng);
            double sumOfChosenGains = 0;
            for (int k = 0; k < batch.length; k++) {
                int[] prefix = Arrays.copyOf(batch, k);
                double base = DirectJmi.jmi(sigma, NOISE, prefix);
                double[] all = new double[n];
                gains.gains(all);
                for (int x = 0; x < n; x++) {
                    if (gains.isSelected(x)) {
                        continue;
                    }
                    int[] extended = Arrays.copyOf(batch, k + 1);
                    extended[k] = x;
                    double direct = DirectJmi.jmi(sigma, NOISE, extended) - base;
                    assertEquals(direct, gains.gain(x), 1e-9, "gain of " + x + " after " + k + " points");
                    assertEquals(gains.gain(x), all[x], 0.0);
                }
                sumOfChosenGains += gains.gain(batch[k]);
                gains.add(batch[k]);
                assertEquals(k + 1, gains.selectedCount());
            }
            double direct = DirectJmi.jmi(sigma, NOISE, batch);
            assertEquals(direct, sumOfChosenGains, 1e-9 * (1 + direct));
            assertEquals(direct, gains.value(), 1e-9 * (1 + direct));
            assertArrayEqualsInt(batch, gains.selected());
        }
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        SplittableRandom rng = new SplittableRandom(6);
        double[][] sigma = DirectJmi.randomPsd(6, 6, rng);
        MarginalGains a = new JointMutualInformation(new DenseCovariance(sigma), NOISE).marginalGains();
        a.add(2);
        MarginalGains b = a.copy();
        b.add(4);
        assertEquals(1, a.selectedCount());
        assertTrue(!a.isSelected(4) && b.isSelected(4));
        assertEquals(DirectJmi.jmi(sigma, NOISE, new int[]{2}), a.value(), 1e-12);
        assertEquals(DirectJmi.jmi(sigma, NOISE, new int[]{2, 4}), b.value(), 1e-10);
    }

    @Test
    void rejectsBadBatchesAndNoise() {
        JointMutualInformation jmi = new JointMutualInformation(new DenseCovariance(new double[][]{{1, 0}, {0, 1}}),
                NOISE);
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> jmi.value(new int[]{1, 1}));
        assertTrue(dup.getMessage().contains("more than once"), dup.getMessage());
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> jmi.value(new int[]{0, 2}));
        assertTrue(out.getMessage().contains("outside the pool"), out.getMessage());
        IllegalArgumentException noise = assertThrows(IllegalArgumentException.class,
                () -> new JointMutualInformation(new DenseCovariance(new double[][]{{1}}), 0.0));
        assertTrue(noise.getMessage().contains("noise variance"), noise.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new JointMutualInformation(new DenseCovariance(new double[][]{{1}}), Double.NaN));
        MarginalGains g = jmi.marginalGains();
        g.add(0);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> g.add(0));
        assertTrue(twice.getMessage().contains("already in the batch"), twice.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> g.add(-1));
        assertTrue(range.getMessage().contains("outside"), range.getMessage());
    }

    private static void assertArrayEqualsInt(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
