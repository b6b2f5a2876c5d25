package org.batchgfn.datasets;

import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.regression.Regressor;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToyRegressionSourceTest {

    /** x and y of every example, read back through the Tribuo API. */
    static double[][] xy(Iterable<Example<Regressor>> examples) {
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        for (Example<Regressor> e : examples) {
            assertEquals(1, e.size());
            Feature f = e.iterator().next();
            assertEquals("x", f.getName());
            assertArrayEquals(new String[]{"y"}, e.getOutput().getNames());
            rows.add(new double[]{f.getValue(), e.getOutput().getValues()[0]});
        }
        double[][] out = new double[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = rows.get(i)[0];
            out[1][i] = rows.get(i)[1];
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    @Test
    void inputsLookStandardNormalAndNoiseHasTheConfiguredStd() {
        int n = 4000;
        for (long seed : new long[]{1L, 2L, 77L}) {
            double[][] xy = xy(new ToyRegressionSource(n, 0.1, seed));
            double[] x = xy[0];
            double[] residual = new double[n];
            int inOneSigma = 0;
            for (int i = 0; i < n; i++) {
                residual[i] = xy[1][i] - ToyRegressionFunction.value(x[i]);
                if (Math.abs(x[i]) < 1.0) {
                    inOneSigma++;
                }
            }
            // Sample mean ~ N(0, 1/n); sample std has sd ~ 1/sqrt(2n): allow 4.5 standard errors.
            assertEquals(0.0, mean(x), 4.5 / Math.sqrt(n), "mean of x, seed " + seed);
            assertEquals(1.0, std(x), 4.5 / Math.sqrt(2.0 * n), "std of x, seed " + seed);
            // P(|x| < 1) = 0.682689...; binomial standard error sqrt(p(1-p)/n).
            double p = 0.6826894921370859;
            assertEquals(p, inOneSigma / (double) n, 4.5 * Math.sqrt(p * (1 - p) / n), "P(|x|<1), seed " + seed);
            // Residuals are the noise: mean 0 (sd 0.1/sqrt n), std 0.1 (sd 0.1/sqrt(2n)).
            assertEquals(0.0, mean(residual), 4.5 * 0.1 / Math.sqrt(n), "residual mean, seed " + seed);
            assertEquals(0.1, std(residual), 4.5 * 0.1 / Math.sqrt(2.0 * n), "residual std, seed " + seed);
        }
    }

    @Test
    void zeroNoiseGivesExactFunctionValuesAtTheSameInputs() {
        double[][] noisy = xy(new ToyRegressionSource(500, 0.3, 9L));
        double[][] exact = xy(new ToyRegressionSource(500, 0.0, 9L));
        assertArrayEquals(noisy[0], exact[0], 0.0, "x does not depend on the noise level");
        for (int i = 0; i < 500; i++) {
            assertEquals(ToyRegressionFunction.value(exact[0][i]), exact[1][i], 0.0);
        }
    }

    @Test
    void sameSeedReproducesAndLargerSampleExtendsIt() {
        double[][] a = xy(new ToyRegressionSource(300, 5L));
        double[][] b = xy(new ToyRegressionSource(300, 5L));
        assertArrayEquals(a[0], b[0], 0.0);
        assertArrayEquals(a[1], b[1], 0.0);
        double[][] longer = xy(new ToyRegressionSource(600, 5L));
        assertArrayEquals(a[0], java.util.Arrays.copyOf(longer[0], 300), 0.0);
        double[][] other = xy(new ToyRegressionSource(300, 6L));
        assertFalse(java.util.Arrays.equals(a[0], other[0]));
    }

    @Test
    void datasetHasFeatureXAndOutputY() {
        MutableDataset<Regressor> d = new ToyRegressionSource(50, 3L).toDataset();
        assertEquals(50, d.size());
        assertEquals(1, d.getFeatureMap().size());
        assertNotNull(d.getFeatureMap().get("x"));
        assertEquals(1, d.getOutputInfo().size());
        assertEquals("y", d.getOutputInfo().getDomain().iterator().next().getNames()[0]);
    }

    @Test
    void provenanceRebuildsAnIdenticalSource() {
        ToyRegressionSource original = new ToyRegressionSource(40, 0.25, 11L);
        List<ConfigurationData> configs = ProvenanceUtil.extractConfiguration(original.getProvenance());
        ConfigurationManager cm = new ConfigurationManager();
        cm.addConfiguration(configs);
        ToyRegressionSource rebuilt = (ToyRegressionSource) cm.lookup(configs.get(0).getName());
        assertEquals(40, rebuilt.numSamples());
        assertEquals(0.25, rebuilt.noiseStd());
        assertEquals(11L, rebuilt.seed());
        double[][] a = xy(original);
        double[][] b = xy(rebuilt);
        assertArrayEquals(a[0], b[0], 0.0);
        assertArrayEquals(a[1], b[1], 0.0);
        assertEquals(original.getProvenance(), rebuilt.getProvenance());
    }

    @Test
    void rejectsNonPositiveSize() {
        for (int bad : new int[]{0, -3}) {
            PropertyException e = assertThrows(PropertyException.class, () -> new ToyRegressionSource(bad, 1L));
            assertEquals("numSamples", e.getProperty());
            assertTrue(e.getMessage().contains("greater than 0") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
    }

    @Test
    void rejectsNegativeOrNonFiniteNoise() {
        for (double bad : new double[]{-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            PropertyException e = assertThrows(PropertyException.class,
                    () -> new ToyRegressionSource(10, bad, 1L));
            assertEquals("noiseStd", e.getProperty());
            assertTrue(e.getMessage().contains(">= 0") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
    }
}
