package org.batchgfn.bench.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

/**
 * Quality: best-of-20 sampled batches' JMI against greedy BatchBALD on the toy task (pool 2000, seed 10, B = 10,
 * T = 0.01), per seed set, reported every {@code evalEvery} steps.
 * Usage: {@code GflowNetQuality H steps evalEvery seedSets}.
 */
public final class GflowNetQuality {

    private GflowNetQuality() {
    }

    /**
     * @param args hidden width, steps, evaluation interval, number of seed sets
     */
    public static void main(String[] args) {
        int h = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        int seedSets = Integer.parseInt(args[3]);
        int n = 2000;
        int b = 10;
        double t = 0.01;
        System.out.println("seedset\tH\tstep\tseconds\tgfn_best_of_20_jmi\tgreedy_jmi\tratio");
        for (int s = 0; s < seedSets; s++) {
            ToyTask task = ToyTask.create(n, 10, 100 + s);
            double greedy = task.reward.value(task.greedyBatch(b));
            PolicyNetwork net = new PolicyNetwork(PoolStandardizer.standardize(task.features),
                    new PolicyArchitecture(h, 2), new SubTrajectoryBalanceLoss(0.9, b), DataType.FLOAT,
                    new SplittableRandom(s));
            BatchGfnTrainer trainer = new BatchGfnTrainer(new TrainerSettings(steps, 8, 1e-3, 0.1, 0.9, t));
            TrajectorySampler greedySampler = new TrajectorySampler(new SetConstructionEnvironment(n, b),
                    task.reward, 0.0);
            long start = System.nanoTime();
            final int seedSet = s;
            SplittableRandom evalRng = new SplittableRandom(1000 + s);
            trainer.train(net, task.reward, new SplittableRandom(500 + s), steps, step -> {
                if (step % every == 0 || step == steps) {
                    PolicySnapshot snap = net.snapshot();
                    double best = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < 20; k++) {
                        best = Math.max(best, task.reward.value(greedySampler.sampleActions(snap, evalRng)));
                    }
                    System.out.printf("%d\t%d\t%d\t%.1f\t%.4f\t%.4f\t%.4f%n", seedSet, h, step,
                            (System.nanoTime() - start) / 1e9, best, greedy, best / greedy);
                }
            });
        }
    }
}
