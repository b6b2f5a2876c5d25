package org.batchgfn.bench.jmh;

import org.batchgfn.problem.AcquisitionProblem;
import org.batchgfn.acquisition.GreedyBatchBald;
import org.batchgfn.gp.PosteriorCovariance;
import org.batchgfn.linalg.Cholesky;
import org.batchgfn.reward.JointMutualInformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Greedy BatchBALD with rank-1 marginal gains ({@link GreedyBatchBald}, O(N·B·(M + B))) against a naive greedy
 * that takes a fresh log-determinant of {@code I + σ⁻² Σ_{S∪{x}}} for every candidate x at every step
 * (O(N·B·(B²·M + B³))), on the same lazy GP-like posterior covariance: N = 2000 pool points, M = 100 training
 * points, B = 10. Goal: greedy under 20 ms per batch.
 * <p>
 * The covariance is an RBF-kernel GP posterior with precomputed {@code vᵢ = L⁻¹ k(X, xᵢ)} and
 * {@code Σ(i, j) = k(xᵢ, xⱼ) − vᵢ·vⱼ}, so a column costs O(N·M) as with the library's exact GP. Setup checks
 * that both methods choose the same batch. Run as described in {@code package-info.java} with the name
 * {@code GreedyBatchBaldBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GreedyBatchBaldBenchmark {

    /** Pool size N. */
    @Param("2000")
    public int poolSize;

    /** Training-set size M. */
    @Param("100")
    public int trainSize;

    /** Batch size B. */
    @Param("10")
    public int batchSize;

    private static final int DIMENSION = 4;
    private static final double LENGTHSCALE = 0.7;
    private static final double NOISE = 0.05;

    private AcquisitionProblem problem;
    private JointMutualInformation reward;
    private final GreedyBatchBald greedy = new GreedyBatchBald();

    /** Builds the pool, the training set and the posterior covariance, and checks both methods agree. */
    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(7);
        double[][] pool = uniform(poolSize, rng);
        double[][] train = uniform(trainSize, rng);
        reward = new JointMutualInformation(new RbfPosteriorCovariance(train, pool, NOISE), NOISE);
        problem = new AcquisitionProblem(pool, train, new double[trainSize], null, reward);
        int[] fast = greedy.select(problem, batchSize, new SplittableRandom(0));
        int[] slow = naiveGreedy(reward, batchSize);
        if (!Arrays.equals(fast, slow)) {
            throw new IllegalStateException("greedy " + Arrays.toString(fast) + " != naive " + Arrays.toString(slow));
        }
    }

    /** @return greedy BatchBALD with rank-1 updates */
    @Benchmark
    public int[] greedyRankOne() {
        return greedy.select(problem, batchSize, new SplittableRandom(0));
    }

    /** @return the same greedy batch by one log-determinant per candidate per step */
    @Benchmark
    public int[] naiveLogDetPerCandidate() {
        return naiveGreedy(reward, batchSize);
    }

    /** Greedy JMI maximisation recomputing {@code JMI(S ∪ {x})} by Cholesky for every candidate. */
    static int[] naiveGreedy(JointMutualInformation reward, int b) {
        int n = reward.poolSize();
        boolean[] used = new boolean[n];
        int[] chosen = new int[0];
        for (int step = 0; step < b; step++) {
            int[] candidate = Arrays.copyOf(chosen, chosen.length + 1);
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                if (used[x]) {
                    continue;
                }
                candidate[chosen.length] = x;
                double v = reward.value(candidate);
                if (v > bestValue) {
                    bestValue = v;
                    best = x;
                }
            }
            used[best] = true;
            candidate[chosen.length] = best;
            chosen = candidate;
        }
        return chosen;
    }

    private static double[][] uniform(int n, SplittableRandom rng) {
        double[][] x = new double[n][DIMENSION];
        for (double[] row : x) {
            for (int k = 0; k < DIMENSION; k++) {
                row[k] = rng.nextDouble();
            }
        }
        return x;
    }

    /**
     * A lazy RBF-kernel GP posterior covariance (unit outputscale), shaped like the exact GP's: {@code vᵢ} is
     * precomputed in O(N·M²), each entry costs O(M + d) and each column O(N·(M + d)).
     */
    static final class RbfPosteriorCovariance implements PosteriorCovariance {
        private final double[][] points;
        private final double[][] v;

        RbfPosteriorCovariance(double[][] train, double[][] points, double noiseVariance) {
            int m = train.length;
            double[][] k = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    k[i][j] = kernel(train[i], train[j]) + (i == j ? noiseVariance : 0.0);
                }
            }
            Cholesky chol = Cholesky.factorize(k);
            this.points = points;
            this.v = new double[points.length][];
            double[] kx = new double[m];
            for (int i = 0; i < points.length; i++) {
                for (int t = 0; t < m; t++) {
                    kx[t] = kernel(train[t], points[i]);
                }
                v[i] = chol.forwardSolve(kx);
            }
        }

        private static double kernel(double[] a, double[] b) {
            double d2 = 0;
            for (int k = 0; k < a.length; k++) {
                double d = a[k] - b[k];
                d2 += d * d;
            }
            return Math.exp(-0.5 * d2 / (LENGTHSCALE * LENGTHSCALE));
        }

        @Override
        public int size() {
            return points.length;
        }

        @Override
        public double variance(int i) {
            return Math.max(0.0, covariance(i, i));
        }

        @Override
        public double covariance(int i, int j) {
            double[] vi = v[i];
            double[] vj = v[j];
            double dot = 0;
            for (int t = 0; t < vi.length; t++) {
                dot += vi[t] * vj[t];
            }
            return kernel(points[i], points[j]) - dot;
        }
    }
}
