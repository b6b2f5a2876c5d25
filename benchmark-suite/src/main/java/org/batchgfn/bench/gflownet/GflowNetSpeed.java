package org.batchgfn.bench.gflownet;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.StepCost;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

/**
 * Training speed at N = 2000, B = 10, T_b = 8 on the toy task for several widths: seconds per step,
 * trajectories/s, achieved FLOP/s by the {@link StepCost} count, and the implied training time of one round of
 * {@link TrainerSettings#PAPER} steps, with the library's default input features
 * ({@link BatchGfnAcquisition#DEFAULT_FOURIER_FEATURES}). Usage: {@code GflowNetSpeed steps H...}.
 */
public final class GflowNetSpeed {

    private GflowNetSpeed() {
    }

    /**
     * @param args number of timed steps, then hidden widths
     */
    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        int n = 2000;
        int b = 10;
        int tb = 8;
        ToyTask task = ToyTask.create(n, 10, 10);
        System.out.println("N\tB\tH\tsteps\tsec_per_step\ttraj_per_s\tgflop_per_step\tgflop_per_s\tround_seconds");
        for (int a = 1; a < args.length; a++) {
            int h = Integer.parseInt(args[a]);
            PolicyNetwork net = new PolicyNetwork(PoolStandardizer.standardize(task.features),
                    new PolicyArchitecture(h, 2, BatchGfnAcquisition.DEFAULT_FOURIER_FEATURES),
                    b, DataType.FLOAT, new SplittableRandom(1));
            BatchGfnTrainer trainer = new BatchGfnTrainer(new TrainerSettings(steps, tb, 1e-3, 0.1, 0.9, 0.01));
            trainer.train(net, task.reward, new SplittableRandom(2), 20, s -> { }); // JIT warm-up
            BatchGfnTrainer.Report r = trainer.train(net, task.reward, new SplittableRandom(3), steps, s -> { });
            double perStep = r.seconds() / steps;
            System.out.printf("%d\t%d\t%d\t%d\t%.4f\t%.1f\t%.4f\t%.3f\t%.0f%n", n, b, h, steps, perStep, tb / perStep,
                    StepCost.flopsPerStep(n, net.encoderInputWidth(), h, 2, b, tb) / 1e9, r.flopsPerSecond() / 1e9,
                    perStep * TrainerSettings.PAPER.steps());
        }
    }
}
