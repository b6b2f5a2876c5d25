package org.batchgfn.gp;

import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.SplittableRandom;

/** The BatchGFN paper's 1-D toy regression task (appendix A.1), generated inline for tests. */
final class ToyRegression {

    private ToyRegression() {
    }

    static double f(double x) {
        double poly = -0.6667 - 0.6012 * x - 1.0172 * x * x - 0.7687 * x * x * x + 1.4680 * Math.pow(x, 5)
                - 0.1678 * Math.pow(x, 6);
        return poly * Math.sin(Math.PI * x) * Math.exp(-0.5 * x * x);
    }

    /** n points x ~ N(0,1), y = f(x) + N(0, noiseStd²) as a one-feature Tribuo dataset. */
    static MutableDataset<Regressor> dataset(int n, double noiseStd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("toy", factory), factory);
        for (int i = 0; i < n; i++) {
            double x = rng.nextGaussian();
            double y = f(x) + noiseStd * rng.nextGaussian();
            ds.add(new ArrayExample<>(new Regressor("y", y), new String[]{"x"}, new double[]{x}));
        }
        return ds;
    }
}
