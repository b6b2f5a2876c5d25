package org.batchgfn.bench.gflownet;

import org.batchgfn.gp.DenseCovariance;
import org.batchgfn.linalg.Cholesky;
import org.batchgfn.reward.JointMutualInformation;
import org.batchgfn.reward.MarginalGains;

import java.util.SplittableRandom;

/**
 * The paper's 1-D toy regression task (appendix A.1) with a stand-in GP posterior built here until the real GP
 * lands: Matérn-5/2 kernel, lengthscale 0.5, outputscale 1, noise variance 0.01, conditioned on seed points drawn
 * from the pool, wrapped as a {@link DenseCovariance}.
 */
public final class ToyTask {

    /** Kernel lengthscale. */
    public static final double LENGTHSCALE = 0.5;
    /** Observation-noise variance. */
    public static final double NOISE = 0.01;

    /** Pool inputs x ~ N(0, 1). */
    public final double[] pool;
    /** Pool features as N×1. */
    public final double[][] features;
    /** Seed (training) inputs. */
    public final double[] seeds;
    /** The JMI reward over the pool. */
    public final JointMutualInformation reward;

    private ToyTask(double[] pool, double[] seeds) {
        this.pool = pool;
        this.seeds = seeds;
        this.features = new double[pool.length][1];
        for (int i = 0; i < pool.length; i++) {
            features[i][0] = pool[i];
        }
        this.reward = new JointMutualInformation(covariance(pool, seeds), NOISE);
    }

    /**
     * @param poolSize number of unlabelled pool points
     * @param seedSize number of labelled seed points (drawn from the same distribution, removed from the pool)
     * @param seed     random seed
     * @return the task
     */
    public static ToyTask create(int poolSize, int seedSize, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] all = new double[poolSize + seedSize];
        for (int i = 0; i < all.length; i++) {
            all[i] = gaussian(rng);
        }
        double[] seeds = java.util.Arrays.copyOfRange(all, 0, seedSize);
        double[] pool = java.util.Arrays.copyOfRange(all, seedSize, all.length);
        return new ToyTask(pool, seeds);
    }

    /** The toy function f(x) of appendix A.1 (noise-free). */
    public static double f(double x) {
        double poly = -0.6667 - 0.6012 * x - 1.0172 * x * x - 0.7687 * x * x * x + 1.4680 * Math.pow(x, 5)
                - 0.1678 * Math.pow(x, 6);
        return poly * Math.sin(Math.PI * x) * Math.exp(-0.5 * x * x);
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double matern52(double a, double b) {
        double r = Math.sqrt(5) * Math.abs(a - b) / LENGTHSCALE;
        return (1 + r + r * r / 3) * Math.exp(-r);
    }

    private static DenseCovariance covariance(double[] pool, double[] seeds) {
        int n = pool.length;
        int m = seeds.length;
        double[][] v = new double[n][m];
        if (m > 0) {
            double[][] kss = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    kss[i][j] = matern52(seeds[i], seeds[j]) + (i == j ? NOISE : 0);
                }
            }
            Cholesky chol = Cholesky.factorize(kss);
            for (int i = 0; i < n; i++) {
                double[] k = new double[m];
                for (int j = 0; j < m; j++) {
                    k[j] = matern52(pool[i], seeds[j]);
                }
                v[i] = chol.forwardSolve(k);
            }
        }
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double c = matern52(pool[i], pool[j]);
                for (int t = 0; t < m; t++) {
                    c -= v[i][t] * v[j][t];
                }
                cov[i][j] = c;
                cov[j][i] = c;
            }
            cov[i][i] = Math.max(0, cov[i][i]);
        }
        return new DenseCovariance(cov);
    }

    /** @return greedy BatchBALD's batch (rank-1 marginal gains), a stand-in until GreedyBatchBald lands */
    public int[] greedyBatch(int b) {
        MarginalGains g = reward.marginalGains();
        double[] gains = new double[pool.length];
        for (int k = 0; k < b; k++) {
            g.gains(gains);
            int best = -1;
            for (int i = 0; i < gains.length; i++) {
                if (!g.isSelected(i) && (best < 0 || gains[i] > gains[best])) {
                    best = i;
                }
            }
            g.add(best);
        }
        return g.selected();
    }
}
