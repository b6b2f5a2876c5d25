package org.batchgfn.bench.gflownet;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.eval.JensenShannonDivergence;
import org.batchgfn.gflownet.eval.SetDistributions;
import org.batchgfn.gflownet.eval.SetIndexer;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

/**
 * Fidelity: exact JSD (nats) between the policy's set distribution and the reward distribution at T = 1 on the toy
 * task (seed set 10, exact GP posterior, see {@link ToyTask}), against training steps and seconds (evaluation time
 * excluded). Stops at the first evaluation with JSD at or below the target.
 * Usage: {@code GflowNetFidelity pool B H steps evalEvery [seed] [lr] [targetJsd] [flowLr] [flowBaseline]
 * [fourierFeatures] [fourierScale]}; the input features default to the library's
 * ({@link BatchGfnAcquisition#DEFAULT_FOURIER_FEATURES}), {@code fourierFeatures = 0} gives the paper's raw inputs.
 */
public final class GflowNetFidelity {

    private GflowNetFidelity() {
    }

    /**
     * @param args pool size, batch size, hidden width, steps, evaluation interval, optional seed, learning rate,
     *             target JSD and flow-head learning rate (default: the learning rate), flow baseline
     *             ({@link FlowBaseline} name, default {@link TrainerSettings#DEFAULT_FLOW_BASELINE}), number and
     *             scale of the Fourier input features
     */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int b = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        int every = Integer.parseInt(args[4]);
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 0;
        double lr = args.length > 6 ? Double.parseDouble(args[6]) : 1e-3;
        double targetJsd = args.length > 7 ? Double.parseDouble(args[7]) : 0.0;
        double flowLr = args.length > 8 ? Double.parseDouble(args[8]) : lr;
        FlowBaseline baseline = args.length > 9 ? FlowBaseline.valueOf(args[9])
                : TrainerSettings.DEFAULT_FLOW_BASELINE;
        FourierFeatures defaults = BatchGfnAcquisition.DEFAULT_FOURIER_FEATURES;
        int fourier = args.length > 10 ? Integer.parseInt(args[10]) : defaults.count();
        double fourierScale = args.length > 11 ? Double.parseDouble(args[11]) : defaults.scale();
        FourierFeatures features = new FourierFeatures(fourier, fourierScale);
        double temperature = 1.0;
        ToyTask task = ToyTask.create(n, 10, seed);
        SetIndexer idx = new SetIndexer(n, b);
        double[] target = SetDistributions.rewardDistribution(task.reward, idx, temperature);
        PolicyNetwork net = new PolicyNetwork(PoolStandardizer.standardize(task.features),
                new PolicyArchitecture(h, 2, features), b, DataType.FLOAT,
                new SplittableRandom(seed + 1));
        BatchGfnTrainer trainer = new BatchGfnTrainer(
                new TrainerSettings(steps, 8, lr, 0.1, 0.9, temperature, flowLr, baseline));
        System.out.println("# fourier features " + features.count() + (features.isNone() ? "" : ", scale "
                + features.scale()));
        System.out.println("pool\tB\tH\tlr\tstep\ttrain_seconds\tjsd_nats");
        SplittableRandom rng = new SplittableRandom(seed + 2);
        double trainSeconds = 0;
        int done = 0;
        while (done < steps) {
            int chunk = Math.min(every, steps - done);
            trainSeconds += trainer.train(net, task.reward, rng, chunk, s -> { }).seconds();
            done += chunk;
            double jsd = JensenShannonDivergence.between(SetDistributions.policyDistribution(net.snapshot(), idx),
                    target);
            System.out.printf("%d\t%d\t%d\t%g\t%d\t%.1f\t%.5f%n", n, b, h, lr, done, trainSeconds, jsd);
            if (jsd <= targetJsd) {
                break;
            }
        }
    }
}
