package org.batchgfn.bench.gflownet;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.env.SetConstructionEnvironment;
import org.batchgfn.gflownet.loss.FlowBaseline;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.FourierFeatures;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PolicySnapshot;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.gflownet.sampler.TrajectorySampler;
import org.batchgfn.gflownet.train.BatchGfnTrainer;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import org.nd4j.linalg.api.buffer.DataType;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Quality: best-of-20 sampled batches' JMI against greedy BatchBALD ({@code GreedyBatchBald}) on the toy task
 * (pool 2000, seed set 10, exact GP posterior, B = 10, T = 0.01), per seed set, every {@code evalEvery} steps.
 * Training time excludes the evaluations; the first evaluation at or above parity (ratio ≥ 1) is marked.
 * Usage: {@code GflowNetQuality [name=value ...]} with the names (defaults) {@code h} (64), {@code steps} (5000),
 * {@code every} (500, steps between evaluations), {@code seedSets} (10), {@code first} (0, the first seed set),
 * {@code lr} (1e-3), {@code flowLr} (lr), {@code baseline} ({@link TrainerSettings#DEFAULT_FLOW_BASELINE}, a
 * {@link FlowBaseline} name), {@code logitLr} (lr, see {@link TrainerSettings#logitLearningRate()}),
 * {@code epsilon} (0.1), {@code tau} (1, the exploration temperature, see
 * {@link TrainerSettings#explorationTemperature()}), {@code fourier} (m random Fourier input features, {@link FourierFeatures}; 0 for the
 * paper's standardised input) and {@code fourierScale}, both defaulting to the library's
 * {@link BatchGfnAcquisition#DEFAULT_FOURIER_FEATURES}, {@code replay} (0, off-policy replayed trajectories per
 * step, {@link TrainerSettings#replayTrajectories()}), {@code t} (0.01, the reward temperature), {@code data}
 * ({@code toy}, or a shipped real data set's name: seed set of 10 of its rows, the other rows the pool, see
 * {@link ToyTask#realData}). {@code defaults=true} instead runs the library's default strategy
 * ({@link BatchGfnAcquisition#defaults()}; only {@code data}, {@code first}, {@code seedSets} and {@code replay}, which
 * then overrides the default replay count, apply) and
 * prints its returned batch's ratio, training seconds and the process CPU seconds of the whole {@code select} call
 * (training, export and K samples; a load-independent measure of the work: on an otherwise idle machine with c
 * cores the wall-clock time is at least CPU/c) per seed set, with the mean and minimum.
 */
public final class GflowNetQuality {

    private GflowNetQuality() {
    }

    /**
     * @param args {@code name=value} settings, see the class comment
     * @throws IllegalArgumentException for an unknown name or a malformed value
     */
    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected name=value, got '" + arg + "'");
            }
            opts.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Set<String> known = Set.of("h", "steps", "every", "seedSets", "first", "lr", "flowLr", "baseline", "logitLr",
                "epsilon", "tau", "fourier", "fourierScale", "replay", "t", "data", "defaults");
        for (String name : opts.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown setting '" + name + "'; known: " + known);
            }
        }
        int h = Integer.parseInt(opts.getOrDefault("h", "64"));
        int steps = Integer.parseInt(opts.getOrDefault("steps", "5000"));
        int every = Integer.parseInt(opts.getOrDefault("every", "500"));
        int seedSets = Integer.parseInt(opts.getOrDefault("seedSets", "10"));
        int first = Integer.parseInt(opts.getOrDefault("first", "0"));
        double lr = Double.parseDouble(opts.getOrDefault("lr", "1e-3"));
        double flowLr = Double.parseDouble(opts.getOrDefault("flowLr", String.valueOf(lr)));
        FlowBaseline baseline = FlowBaseline.valueOf(opts.getOrDefault("baseline",
                TrainerSettings.DEFAULT_FLOW_BASELINE.name()));
        double logitLr = Double.parseDouble(opts.getOrDefault("logitLr", String.valueOf(lr)));
        double epsilon = Double.parseDouble(opts.getOrDefault("epsilon", "0.1"));
        double tau = Double.parseDouble(opts.getOrDefault("tau", "1"));
        FourierFeatures defaults = BatchGfnAcquisition.DEFAULT_FOURIER_FEATURES;
        FourierFeatures features = new FourierFeatures(
                Integer.parseInt(opts.getOrDefault("fourier", String.valueOf(defaults.count()))),
                Double.parseDouble(opts.getOrDefault("fourierScale", String.valueOf(defaults.scale()))));
        int replay = Integer.parseInt(opts.getOrDefault("replay", "0"));
        double t = Double.parseDouble(opts.getOrDefault("t", "0.01"));
        String data = opts.getOrDefault("data", "toy");
        int n = 2000;
        int b = 10;
        System.out.println("# " + String.join(" ", args));
        if (Boolean.parseBoolean(opts.getOrDefault("defaults", "false"))) {
            libraryDefaults(data, first, seedSets, b, opts.containsKey("replay") ? replay : -1);
            return;
        }
        System.out.println("seedset\tH\tstep\ttrain_seconds\tgfn_best_of_20_jmi\tgreedy_jmi\tratio\tparity");
        for (int s = first; s < first + seedSets; s++) {
            ToyTask task = task(data, n, s);
            n = task.features.length;
            double greedy = task.reward.value(task.greedyBatch(b));
            PolicyNetwork net = new PolicyNetwork(PoolStandardizer.standardize(task.features),
                    new PolicyArchitecture(h, 2, features), b, DataType.FLOAT,
                    new SplittableRandom(s));
            BatchGfnTrainer trainer = new BatchGfnTrainer(
                    new TrainerSettings(steps, 8, lr, epsilon, 0.9, t, flowLr, baseline, logitLr, tau, 0, TrainingBudget.STEPS_ONLY,
                            replay));
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

    /** The toy task's seed set s (pool {@code n}), or seed set s of a shipped real data set (pool: its other rows). */
    private static ToyTask task(String data, int n, int s) {
        return data.equals("toy") ? ToyTask.create(n, 10, 100 + s) : ToyTask.realData(data, 10, 100 + s);
    }

    /**
     * The strategy exactly as configured by default ({@link BatchGfnAcquisition#defaults()}; with {@code replay ≥ 0}
     * the defaults with that replay count): its returned batch
     * (best of its K samples) against greedy BatchBALD, per seed set, with its training seconds and steps.
     */
    private static void libraryDefaults(String data, int first, int seedSets, int b, int replay) {
        BatchGfnAcquisition defaults = BatchGfnAcquisition.defaults();
        BatchGfnAcquisition strategy = replay < 0 ? defaults : new BatchGfnAcquisition(defaults.policyArchitecture(),
                defaults.trainerSettings().withReplayTrajectories(replay), defaults.samples());
        System.out.println("# " + strategy);
        System.out.println("seedset\tdata\tpool\tsteps\ttrain_seconds\tselect_cpu_seconds\tgfn_jmi\tgreedy_jmi"
                + "\tratio");
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int s = first; s < first + seedSets; s++) {
            ToyTask task = task(data, 2000, s);
            double greedy = task.reward.value(task.greedyBatch(b));
            long cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
            double jmi = task.reward.value(strategy.select(task.problem, b, new SplittableRandom(500 + s)));
            double cpuSeconds = os instanceof com.sun.management.OperatingSystemMXBean sun
                    ? (sun.getProcessCpuTime() - cpu) / 1e9 : Double.NaN;
            BatchGfnAcquisition.Training training = strategy.lastTraining().orElseThrow();
            sum += jmi / greedy;
            min = Math.min(min, jmi / greedy);
            System.out.printf("%d\t%s\t%d\t%d\t%.1f\t%.1f\t%.4f\t%.4f\t%.4f%n", s, data, task.features.length,
                    training.steps(), training.seconds(), cpuSeconds, jmi, greedy, jmi / greedy);
        }
        System.out.printf("# mean ratio %.4f, min %.4f over %d seed sets%n", sum / seedSets, min, seedSets);
    }
}
