package org.batchgfn.reward;

import org.batchgfn.gp.ExactGaussianProcessPosterior;
import org.batchgfn.gp.PosteriorCovariance;
import org.batchgfn.gp.kernel.Matern52Kernel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The greedy kernel over a split pool, driven as a distributed path drives it (local best per block, the best of the
 * blocks, every block updated from the chosen point's own numbers), against {@link MarginalGains} over the whole pool
 * and against a brute-force conditional variance.
 */
class GainBlockTest {

    private static double[][] points(int n, int d, SplittableRandom rng) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = 4 * rng.nextDouble() - 2;
            }
        }
        return x;
    }

    @Test
    void splitPoolGivesTheWholePoolsGreedyBatchAndVariancesBitForBit() {
        SplittableRandom rng = new SplittableRandom(21);
        int n = 60;
        double[][] pool = points(n, 2, rng);
        double[][] trainX = points(7, 2, rng);
        double[] trainY = new double[7];
        for (int i = 0; i < 7; i++) {
            trainY[i] = Math.sin(trainX[i][0]) * trainX[i][1];
        }
        ExactGaussianProcessPosterior gp = ExactGaussianProcessPosterior.of(
                new Matern52Kernel(new double[]{0.6, 0.9}, 1.3), 0.02, 0.0, trainX, trainY);
        MarginalGains whole = new JointMutualInformation(gp.covariance(pool), gp.noiseVariance()).marginalGains();
        // three interleaved blocks, ids = pool indices
        List<GainBlock> blocks = new ArrayList<>();
        List<double[][]> blockRows = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            List<double[]> rows = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = part; i < n; i += 3) {
                rows.add(pool[i]);
                ids.add((long) i);
            }
            double[][] r = rows.toArray(new double[0][]);
            blockRows.add(r);
            blocks.add(new GainBlock(ids.stream().mapToLong(Long::longValue).toArray(), gp.covariance(r),
                    gp.noiseVariance()));
        }
        for (int step = 0; step < 8; step++) {
            int bestBlock = -1;
            int bestLocal = -1;
            for (int p = 0; p < 3; p++) {
                int local = blocks.get(p).best();
                if (local >= 0 && (bestBlock < 0 || GainBlock.precedes(blocks.get(p).conditionalVariance(local),
                        blocks.get(p).id(local), blocks.get(bestBlock).conditionalVariance(bestLocal),
                        blocks.get(bestBlock).id(bestLocal)))) {
                    bestBlock = p;
                    bestLocal = local;
                }
            }
            GainBlock owner = blocks.get(bestBlock);
            long id = owner.id(bestLocal);
            assertEquals(whole.best(), (int) id, "step " + step);
            double variance = owner.conditionalVariance(bestLocal);
            double[] factors = owner.factorsAt(bestLocal);
            PosteriorCovariance chosen = gp.covariance(new double[][]{blockRows.get(bestBlock)[bestLocal]});
            for (GainBlock block : blocks) {
                block.choose(chosen, 0, id, variance, factors);
            }
            whole.add((int) id);
            for (GainBlock block : blocks) {
                for (int i = 0; i < block.size(); i++) {
                    assertEquals(whole.conditionalVariance((int) block.id(i)), block.conditionalVariance(i), 0.0,
                            "conditional variance of " + block.id(i) + " after step " + step);
                }
            }
        }
        // independent truth for the final state: Σ(x,x|D∪S) = Σxx − Σ_xS (Σ_SS + σ²I)⁻¹ Σ_Sx by direct solve
        int[] s = whole.selected();
        PosteriorCovariance c = gp.covariance(pool);
        int b = s.length;
        double[][] a = new double[b][b];
        for (int r = 0; r < b; r++) {
            for (int q = 0; q < b; q++) {
                a[r][q] = c.covariance(s[r], s[q]) + (r == q ? gp.noiseVariance() : 0);
            }
        }
        for (int x = 0; x < n; x += 7) {
            double[] k = new double[b];
            for (int r = 0; r < b; r++) {
                k[r] = c.covariance(x, s[r]);
            }
            double[] sol = solve(a, k);
            double expected = c.variance(x);
            for (int r = 0; r < b; r++) {
                expected -= k[r] * sol[r];
            }
            assertEquals(Math.max(0, expected), whole.conditionalVariance(x), 1e-10);
        }
    }

    @Test
    void refusesInconsistentChoices() {
        ExactGaussianProcessPosterior gp = ExactGaussianProcessPosterior.of(
                new Matern52Kernel(new double[]{1.0}, 1.0), 0.1, 0.0, new double[][]{{0.0}}, new double[]{1.0});
        double[][] rows = {{0.5}, {1.5}};
        GainBlock block = new GainBlock(new long[]{10, 11}, gp.covariance(rows), gp.noiseVariance());
        assertThrows(IllegalArgumentException.class, () -> block.choose(null, 0, 99, 1.0, new double[0]),
                "a point from elsewhere needs its covariance set");
        assertThrows(IllegalArgumentException.class, () -> block.choose(null, 0, 10, 1.0, new double[1]),
                "factor count must match the choices applied");
        block.choose(null, 0, 10, block.conditionalVariance(0), block.factorsAt(0));
        assertEquals(1, block.best());
        assertThrows(IllegalArgumentException.class, () -> block.choose(null, 0, 10, 1.0, new double[1]),
                "a chosen point cannot be chosen again");
    }

    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
                    piv = r;
                }
            }
            double[] t = m[col];
            m[col] = m[piv];
            m[piv] = t;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int q = col; q <= n; q++) {
                        m[r][q] -= f * m[col][q];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }
}
