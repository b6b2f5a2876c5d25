package org.batchgfn.cli;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.acquisition.BatchGfnAcquisition.CarryOver;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.train.TrainerSettings;
import org.batchgfn.gflownet.train.TrainingBudget;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options of {@code acquire --strategy batchgfn} (a picocli mixin): the training budget (steps, wall-clock
 * seconds, convergence patience: training stops at the first that is met, {@link TrainingBudget}), the reward
 * temperature, the K inference samples, the network width, and where the trained policy goes ({@code --policy-out})
 * or is carried between invocations ({@code --state}). Every default is the library's
 * ({@link BatchGfnAcquisition#defaults()}): H = 64, 1500 steps, T = 0.01, K = 20, 16 random Fourier input features,
 * Adam lr 1e-3 with log-flow lr 0.1 and logit lr 1e-2, 8 trajectories per step plus 2 replayed ones (greedy
 * BatchBALD's batch and the best batches found, {@code ReplayTrajectories}), ε = 0.1, tempered exploration τ = 2,
 * SubTB(0.9), and the default training budget; measured in the README's "GFlowNet experiments" (first-batch quality
 * on the toy task and real data). The settings not offered here stay at those defaults.
 */
public final class GflowNetOptions {

    /** Default training steps of a round that starts from fresh weights: the library's. */
    static final int DEFAULT_STEPS = BatchGfnAcquisition.DEFAULT_STEPS;
    /** Default training steps of a round that starts from a carried policy. */
    static final int DEFAULT_CARRIED_STEPS = 1000;
    /** Default reward temperature: the library's. */
    static final double DEFAULT_TEMPERATURE = BatchGfnAcquisition.DEFAULT_TEMPERATURE;
    /** Default number of inference samples: the library's. */
    static final int DEFAULT_SAMPLES = BatchGfnAcquisition.DEFAULT_SAMPLES;
    /** Default hidden width: the library's. */
    static final int DEFAULT_HIDDEN_WIDTH = BatchGfnAcquisition.DEFAULT_HIDDEN_WIDTH;

    @Option(names = "--steps", paramLabel = "N",
            description = "batchgfn: training steps of the policy when it starts from fresh weights (default: "
                    + DEFAULT_STEPS + ").")
    private Integer steps;

    @Option(names = "--carried-steps", paramLabel = "N",
            description = "batchgfn with --state: training steps when the round starts from the carried policy "
                    + "(default: " + DEFAULT_CARRIED_STEPS + ").")
    private Integer carriedSteps;

    @Option(names = "--max-seconds", paramLabel = "S",
            description = "batchgfn: wall-clock budget of the policy's training in each round, seconds; training "
                    + "stops at the first of the steps, this budget and convergence (default: "
                    + TrainingBudget.DEFAULT_MAX_SECONDS + "; 0: no time limit, so the seed alone fixes the batch; "
                    + "lookahead training is not limited).")
    private Double maxSeconds;

    @Option(names = "--patience", paramLabel = "N",
            description = "batchgfn: convergence: training stops when the best JMI of its training batches has not "
                    + "improved by more than a relative " + TrainingBudget.DEFAULT_TOLERANCE + " for N steps "
                    + "(default: " + TrainingBudget.DEFAULT_PATIENCE + "; 0: off).")
    private Integer patience;

    @Option(names = "--temperature", paramLabel = "T",
            description = "batchgfn: reward temperature, batches are sampled in proportion to exp(JMI/T) "
                    + "(default: " + DEFAULT_TEMPERATURE + "; lower is greedier).")
    private Double temperature;

    @Option(names = "--samples", paramLabel = "K",
            description = "batchgfn: batches sampled from the trained policy; the one of highest JMI is returned "
                    + "(default: " + DEFAULT_SAMPLES + ").")
    private Integer samples;

    @Option(names = "--hidden-width", paramLabel = "H",
            description = "batchgfn: hidden width of the policy network (default: " + DEFAULT_HIDDEN_WIDTH + ").")
    private Integer hiddenWidth;

    @Option(names = "--carry-over", paramLabel = "MODE",
            description = "batchgfn with --state: how the policy carries to the next round: lookahead (default; "
                    + "conditioned on the training set and trained on hallucinated next rounds after the choice), "
                    + "continue (keep training the same policy).")
    private String carryOver;

    @Option(names = "--lookaheads", paramLabel = "L",
            description = "batchgfn, --carry-over lookahead: hallucinated next rounds trained on after the choice "
                    + "(default: " + BatchGfnAcquisition.DEFAULT_LOOKAHEADS + ").")
    private Integer lookaheads;

    @Option(names = "--lookahead-steps", paramLabel = "N",
            description = "batchgfn, --carry-over lookahead: training steps on each hallucinated round "
                    + "(default: " + BatchGfnAcquisition.DEFAULT_STEPS_PER_LOOKAHEAD + ").")
    private Integer lookaheadSteps;

    @Option(names = "--state", paramLabel = "FILE",
            description = "batchgfn: campaign state file carrying the trainable policy between invocations. Missing: "
                    + "a new campaign starts and the file is written; present: training continues from it. Written "
                    + "atomically, only after a successful round.")
    private Path state;

    @Option(names = "--policy-out", paramLabel = "FILE.onnx",
            description = "batchgfn: write the policy the batch was sampled from as an ONNX model (onnx-models "
                    + "format, with metadata and provenance), for ./batchgfn sample or another JVM app.")
    private Path policyOut;

    /** Picocli creates the mixin. */
    public GflowNetOptions() {
    }

    /** @return the campaign state file, or null */
    Path state() {
        return state;
    }

    /** @return the ONNX output file, or null */
    Path policyOut() {
        return policyOut;
    }

    /**
     * @return the options given, for "applies to batchgfn only" messages
     */
    List<String> given() {
        List<String> g = new ArrayList<>();
        addIf(g, steps, "--steps");
        addIf(g, carriedSteps, "--carried-steps");
        addIf(g, maxSeconds, "--max-seconds");
        addIf(g, patience, "--patience");
        addIf(g, temperature, "--temperature");
        addIf(g, samples, "--samples");
        addIf(g, hiddenWidth, "--hidden-width");
        addIf(g, carryOver, "--carry-over");
        addIf(g, lookaheads, "--lookaheads");
        addIf(g, lookaheadSteps, "--lookahead-steps");
        addIf(g, state, "--state");
        addIf(g, policyOut, "--policy-out");
        return g;
    }

    private static void addIf(List<String> g, Object value, String name) {
        if (value != null) {
            g.add(name);
        }
    }

    /**
     * @param cmd the command, for usage errors
     * @return the strategy these options describe
     * @throws CommandLine.ParameterException for an out-of-range value or a carrying option without {@code --state}
     */
    BatchGfnAcquisition strategy(CommandLine cmd) {
        CarryOver mode = carryOverMode(cmd);
        if (state == null) {
            for (String o : new String[]{"--carry-over", "--carried-steps", "--lookaheads", "--lookahead-steps"}) {
                if (given().contains(o)) {
                    throw new CommandLine.ParameterException(cmd, o + " applies to a campaign carried between "
                            + "invocations: give --state FILE too");
                }
            }
        }
        int s = positive(cmd, "--steps", steps, DEFAULT_STEPS, 0);
        int k = positive(cmd, "--samples", samples, DEFAULT_SAMPLES, 1);
        int h = positive(cmd, "--hidden-width", hiddenWidth, DEFAULT_HIDDEN_WIDTH, 1);
        int cs = positive(cmd, "--carried-steps", carriedSteps, DEFAULT_CARRIED_STEPS, 0);
        int l = positive(cmd, "--lookaheads", lookaheads, 10, 0);
        int ls = positive(cmd, "--lookahead-steps", lookaheadSteps, 100, 0);
        int p = positive(cmd, "--patience", patience, TrainingBudget.DEFAULT_PATIENCE, 0);
        double seconds = maxSeconds == null ? TrainingBudget.DEFAULT_MAX_SECONDS : maxSeconds;
        if (!(seconds >= 0) || !Double.isFinite(seconds)) {
            throw new CommandLine.ParameterException(cmd, "--max-seconds must be finite and >= 0 (0: no time "
                    + "limit), got " + seconds);
        }
        double t = temperature == null ? DEFAULT_TEMPERATURE : temperature;
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new CommandLine.ParameterException(cmd, "--temperature must be finite and > 0, got " + t);
        }
        BatchGfnAcquisition defaults = BatchGfnAcquisition.defaults();
        TrainerSettings settings = defaults.trainerSettings().withSteps(s).withTemperature(t)
                .withBudget(new TrainingBudget(seconds, p, defaults.trainerSettings().budget().tolerance()));
        PolicyArchitecture arch = defaults.policyArchitecture();
        BatchGfnAcquisition strategy = new BatchGfnAcquisition(new PolicyArchitecture(h, arch.encoderLayers(),
                arch.inputFeatures()), settings, k);
        return mode == CarryOver.REINITIALISE ? strategy : strategy.withCarryOver(mode, cs, l, ls);
    }

    private CarryOver carryOverMode(CommandLine cmd) {
        if (carryOver == null) {
            return state == null ? CarryOver.REINITIALISE : CarryOver.LOOKAHEAD;
        }
        switch (carryOver.toLowerCase(Locale.ROOT)) {
            case "lookahead":
                return CarryOver.LOOKAHEAD;
            case "continue":
                return CarryOver.CONTINUE;
            default:
                throw new CommandLine.ParameterException(cmd, "unknown --carry-over '" + carryOver
                        + "'; allowed: lookahead, continue");
        }
    }

    private static int positive(CommandLine cmd, String option, Integer value, int dflt, int min) {
        int v = value == null ? dflt : value;
        if (v < min) {
            throw new CommandLine.ParameterException(cmd, option + " must be >= " + min + ", got " + v);
        }
        return v;
    }
}
