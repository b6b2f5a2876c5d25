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
        // independent truth for the final state, by the chain rule of mutual information:
        // Σ(x,x|D∪S) = σ² (exp(2 (JMI(S ∪ {x}) − JMI(S))) − 1), JMIs by Gaussian elimination (DirectJmi)
        int[] s = whole.selected();
        PosteriorCovariance c = gp.covariance(pool);
        double[][] sigma = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sigma[i][j] = c.covariance(i, j);
            }
        }
        double base = DirectJmi.jmi(sigma, gp.noiseVariance(), s);
        for (int x = 0; x < n; x++) {
            if (whole.isSelected(x)) {
                continue;
            }
            int[] withX = java.util.Arrays.copyOf(s, s.length + 1);
            withX[s.length] = x;
            double gain = DirectJmi.jmi(sigma, gp.noiseVariance(), withX) - base;
            assertEquals(gp.noiseVariance() * Math.expm1(2 * gain), whole.conditionalVariance(x), 1e-9,
                    "conditional variance of " + x);
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
}
