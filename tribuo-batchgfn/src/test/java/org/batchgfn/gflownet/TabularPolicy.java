package org.batchgfn.gflownet;

import org.batchgfn.gflownet.policy.ForwardPolicy;

import java.util.SplittableRandom;

/** Test fixture: a set-invariant random policy, {@code logit(x | S) = b[x] + Σ_{y∈S} W[y][x]}. */
final class TabularPolicy implements ForwardPolicy {

    private final double[] base;
    private final double[][] interaction;

    TabularPolicy(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        base = new double[n];
        interaction = new double[n][n];
        for (int i = 0; i < n; i++) {
            base[i] = 2 * rng.nextDouble() - 1;
            for (int j = 0; j < n; j++) {
                interaction[i][j] = 2 * rng.nextDouble() - 1;
            }
        }
    }

    @Override
    public int poolSize() {
        return base.length;
    }

    @Override
    public double[] logProbabilities(int[] state) {
        double[] l = base.clone();
        for (int y : state) {
            for (int x = 0; x < l.length; x++) {
                l[x] += interaction[y][x];
            }
        }
        for (int y : state) {
            l[y] = Double.NEGATIVE_INFINITY;
        }
        double z = 0;
        for (double v : l) {
            z += Math.exp(v);
        }
        for (int x = 0; x < l.length; x++) {
            l[x] -= Math.log(z);
        }
        return l;
    }
}
