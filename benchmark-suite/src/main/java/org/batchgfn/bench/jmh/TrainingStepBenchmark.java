package org.batchgfn.bench.jmh;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.bench.gflownet.ToyTask;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.ComputeThreads;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.StepCost;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One BatchGFN training step against the machine's practical float32 peak, in the same run: at N = 2000, B = 10,
 * T_b = 8 with the default network (two encoder layers, {@link BatchGfnAcquisition#DEFAULT_FOURIER_FEATURES}) and
 * width H,
 * <ul>
 *   <li>{@code trainingStep}: one full step of {@link BatchGfnTrainer} (snapshot, sampling of T_b trajectories,
 *       forward and backward over all S = 80 states, Adam), whose flops are {@link StepCost#flopsPerStep};</li>
 *   <li>{@code gemmPeak}: ND4J float32 {@code gemm} on the step's own largest shapes, the pool-sized products
 *       {@code (N×H)·(H×H)} (the encoder layer, {@code A = E W₁}, {@code ∂E = ∂A W₁ᵀ}) and
 *       {@code (H×N)·(N×H)} (the weight gradients {@code Eᵀ ∂A}), one of each per call: {@code 4·N·H²} flops.</li>
 * </ul>
 * GFLOP/s = flops / time; the step's ratio to the gemm figure is its share of the practical peak. {@code threads}
 * sets {@link ComputeThreads} (the kernel's threads; training keeps BLAS on one thread) for the step, and OpenBLAS's
 * threads for the gemm, so the peak is the machine's with that many cores. Run:
 * {@code org.openjdk.jmh.Main TrainingStepBenchmark -f 1 -wi 3 -i 5}; add
 * {@code -jvmArgsAppend --add-modules=jdk.incubator.vector} for the Vector API kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TrainingStepBenchmark {

    /** Hidden width H. */
    @Param({"64", "128", "256"})
    public int width;

    /** Compute threads. */
    @Param({"1", "2"})
    public int threads;

    private static final int N = 2000;
    private static final int B = 10;
    private static final int TB = 8;

    private PolicyNetwork network;
    private BatchGfnTrainer trainer;
    private ToyTask task;
    private SplittableRandom rng;
    private INDArray poolMatrix;
    private INDArray square;
    private INDArray poolOut;
    private INDArray gradOut;

    /** Builds the task, the network and the gemm operands. */
    @Setup
    public void setUp() {
        ComputeThreads.set(threads);
        task = ToyTask.create(N, 10, 10);
        network = new PolicyNetwork(PoolStandardizer.standardize(task.features),
                new PolicyArchitecture(width, 2, BatchGfnAcquisition.DEFAULT_FOURIER_FEATURES),
                B, DataType.FLOAT, new SplittableRandom(1));
        trainer = new BatchGfnTrainer(new TrainerSettings(1, TB, 1e-3, 0.1, 0.9, 0.01));
        rng = new SplittableRandom(2);
        Nd4j.getRandom().setSeed(3);
        poolMatrix = Nd4j.rand(DataType.FLOAT, N, width);
        square = Nd4j.rand(DataType.FLOAT, width, width);
        poolOut = Nd4j.createUninitialized(DataType.FLOAT, new long[]{N, width}, 'c');
        gradOut = Nd4j.createUninitialized(DataType.FLOAT, new long[]{width, width}, 'c');
        System.out.printf("%nkernel %s, H = %d, threads %d: %.4f GFLOP per step (StepCost), %.4f GFLOP per gemm call%n",
                PolicyNetwork.kernelDescription(), width, threads,
                StepCost.flopsPerStep(N, network.encoderInputWidth(), width, 2, B, TB) / 1e9,
                4.0 * N * width * width / 1e9);
    }

    /** @return the trained network's loss report (kept live) */
    @Benchmark
    public BatchGfnTrainer.Report trainingStep() {
        return trainer.train(network, task.reward, rng, 1, s -> { });
    }

    /** @return the gradient product (kept live) */
    @Benchmark
    public INDArray gemmPeak() {
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.gemm(poolMatrix, square, poolOut, false, false, 1.0, 0.0);
        return Nd4j.gemm(poolMatrix, poolOut, gradOut, true, false, 1.0, 0.0);
    }
}
