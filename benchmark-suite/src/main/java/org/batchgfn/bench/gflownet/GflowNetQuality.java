package org.batchgfn.bench.gflownet;

import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.loss.FlowBaseline;
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
 * Quality: best-of-20 sampled batches' JMI against greedy BatchBALD ({@code GreedyBatchBald}) on the toy task
 * (pool 2000, seed set 10, exact GP posterior, B = 10, T = 0.01), per seed set, every {@code evalEvery} steps.
 * Training time excludes the evaluations; the first evaluation at or above parity (ratio ≥ 1) is marked.
 * Usage: {@code GflowNetQuality H steps evalEvery seedSets [firstSeedSet] [lr] [flowLr] [flowBaseline]
 * [logitLr]}.
 */
public final class GflowNetQuality {

    private GflowNetQuality() {
    }

    /**
     * @param args hidden width, steps, evaluation interval, number of seed sets, optional first seed set, lr and
     *             flow-head lr (default: lr), flow baseline ({@link FlowBaseline} name, default
     *             {@link TrainerSettings#DEFAULT_FLOW_BASELINE}), learning rate of the policy head's output layer
     *             (default: lr), see {@link TrainerSettings#logitLearningRate()}
     */
    public static void main(String[] args) {
        int h = Integer.parseInt(args[0]);
        int steps = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        int seedSets = Integer.parseInt(args[3]);
        int first = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        double lr = args.length > 5 ? Double.parseDouble(args[5]) : 1e-3;
        double flowLr = args.length > 6 ? Double.parseDouble(args[6]) : lr;
        FlowBaseline baseline = args.length > 7 ? FlowBaseline.valueOf(args[7])
                : TrainerSettings.DEFAULT_FLOW_BASELINE;
        double logitLr = args.length > 8 ? Double.parseDouble(args[8]) : lr;
        int n = 2000;
        int b = 10;
        double t = 0.01;
        System.out.println("seedset\tH\tstep\ttrain_seconds\tgfn_best_of_20_jmi\tgreedy_jmi\tratio\tparity");
        for (int s = first; s < first + seedSets; s++) {
            ToyTask task = ToyTask.create(n, 10, 100 + s);
            double greedy = task.reward.value(task.greedyBatch(b));
            PolicyNetwork net = new PolicyNetwork(PoolStandardizer.standardize(task.features),
                    new PolicyArchitecture(h, 2), new SubTrajectoryBalanceLoss(0.9, b), DataType.FLOAT,
                    new SplittableRandom(s));
            BatchGfnTrainer trainer = new BatchGfnTrainer(
                    new TrainerSettings(steps, 8, lr, 0.1, 0.9, t, flowLr, baseline, logitLr));
            TrajectorySampler sampler = new TrajectorySampler(new SetConstructionEnvironment(n, b), task.reward, 0.0);
            SplittableRandom trainRng = new SplittableRandom(500 + s);
            SplittableRandom evalRng = new SplittableRandom(1000 + s);
            double seconds = 0;
            boolean parity = false;
            for (int done = 0; done < steps; ) {
                int chunk = Math.min(every, steps - done);
                seconds += trainer.train(net, task.reward, trainRng, chunk, x -> { }).seconds();
                done += chunk;
                PolicySnapshot snap = net.snapshot();
                double best = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 20; k++) {
                    best = Math.max(best, task.reward.value(sampler.sampleActions(snap, evalRng)));
                }
                boolean reached = !parity && best >= greedy;
                parity |= best >= greedy;
                System.out.printf("%d\t%d\t%d\t%.1f\t%.4f\t%.4f\t%.4f\t%s%n", s, h, done, seconds, best, greedy,
                        best / greedy, reached ? "first" : "");
            }
        }
    }
}
