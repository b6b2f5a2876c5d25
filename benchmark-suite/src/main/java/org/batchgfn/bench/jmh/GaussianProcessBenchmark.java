package org.batchgfn.bench.jmh;

import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessTrainer;
import org.batchgfn.gp.PosteriorCovariance;
import org.batchgfn.gp.kernel.KernelType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Exact GP costs on the paper's 1-D toy task: hyperparameter fitting (M training points; the default L-BFGS fit,
 * tens of O(M³) likelihood evaluations, and the paper's 1000 Adam epochs, one each) and the posterior variance
 * over a pool of N points given M (O(N·M²), blocked triangular solves). Goals on a 2-core machine: fit M=100 under
 * 2 s, pool variance N=2000 under 50 ms. Run e.g.
 * {@code java -cp ... org.openjdk.jmh.Main GaussianProcessBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GaussianProcessBenchmark {

    /** Training-set size M. */
    @Param({"100"})
    public int trainingSize;

    /** Pool size N. */
    @Param({"2000"})
    public int poolSize;

    private MutableDataset<Regressor> train;
    private GaussianProcessTrainer trainer;
    private GaussianProcessTrainer adamTrainer;
    private ExactGaussianProcessPosterior posterior;
    private double[][] pool;

    /** The paper's toy function (appendix A.1). */
    static double toy(double x) {
        double poly = -0.6667 - 0.6012 * x - 1.0172 * x * x - 0.7687 * x * x * x + 1.4680 * Math.pow(x, 5)
                - 0.1678 * Math.pow(x, 6);
        return poly * Math.sin(Math.PI * x) * Math.exp(-0.5 * x * x);
    }

    /** Builds the toy training set, fits a model once for the prediction benchmarks, and draws the pool. */
    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(1);
        RegressionFactory factory = new RegressionFactory();
        train = new MutableDataset<>(new SimpleDataSourceProvenance("toy", factory), factory);
        for (int i = 0; i < trainingSize; i++) {
            double x = rng.nextGaussian();
            train.add(new ArrayExample<>(new Regressor("y", toy(x) + 0.1 * rng.nextGaussian()),
                    new String[]{"x"}, new double[]{x}));
        }
        trainer = new GaussianProcessTrainer(KernelType.MATERN52);
        adamTrainer = new GaussianProcessTrainer(KernelType.MATERN52, GaussianProcessTrainer.DEFAULT_EPOCHS,
                GaussianProcessTrainer.DEFAULT_LEARNING_RATE, true, true);
        GaussianProcessModel model = trainer.train(train);
        posterior = model.posterior();
        pool = new double[poolSize][1];
        for (double[] row : pool) {
            row[0] = rng.nextGaussian();
        }
    }

    /** @return a model fitted by L-BFGS (the default) on M points */
    @Benchmark
    public GaussianProcessModel fit() {
        return trainer.train(train);
    }

    /** @return a model fitted with 1000 Adam epochs on M points (the paper's recipe) */
    @Benchmark
    public GaussianProcessModel fitAdam() {
        return adamTrainer.train(train);
    }

    /** @return the latent posterior variance at N pool points */
    @Benchmark
    public double[] poolVariance() {
        return posterior.latentVariance(pool);
    }

    /** @return the lazy pool covariance (its preparation: vᵢ = L⁻¹k(X, xᵢ) for all N points) */
    @Benchmark
    public PosteriorCovariance poolCovariance() {
        return posterior.covariance(pool);
    }
}
