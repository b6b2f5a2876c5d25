package org.batchgfn.cli;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.problem.AcquisitionProblem;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A labelling campaign carried between {@code acquire --strategy batchgfn --state FILE} invocations: opens the state
 * file before anything is trained (a missing file starts a campaign; a corrupt, truncated or mismatched one fails
 * with one line and is left alone), hands its policy to the strategy, and after a successful round writes the
 * updated state atomically, so an interrupted round leaves the previous state as it was.
 */
final class Campaign {

    /**
     * Settings that may change between rounds without invalidating the carried policy: the training budgets (steps,
     * wall-clock seconds, convergence), the number of inference samples and how sampling or threads run. A state file
     * written before the budget settings existed lacks them, which is no difference either.
     */
    static final List<String> PER_ROUND_SETTINGS = List.of("steps", "carriedSteps", "maxSeconds", "patience",
            "convergenceTolerance", "samples", "sampleWithOnnx", "threads");

    private final Path file;
    private final CampaignState previous;
    private final List<String> columns;
    private final String target;
    private final Map<String, String> settings;

    private Campaign(Path file, CampaignState previous, List<String> columns, String target,
                     Map<String, String> settings) {
        this.file = file;
        this.previous = previous;
        this.columns = columns;
        this.target = target;
        this.settings = settings;
    }

    /**
     * @param file     the state file
     * @param strategy the configured strategy, given the carried policy if the file exists
     * @param columns  the training file's feature columns, model order
     * @param target   the target column
     * @param err      standard error, for a status line
     * @param command  the command name
     * @return the campaign
     * @throws IllegalArgumentException if the file is unreadable, invalid or from another configuration
     */
    static Campaign open(Path file, BatchGfnAcquisition strategy, List<String> columns, String target,
                         PrintWriter err, String command) {
        Map<String, String> settings = settings(strategy);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--state file " + file + " is a directory");
        }
        AtomicFile.checkDirectory(file, "--state");
        if (!Files.exists(file)) {
            err.printf(Locale.ROOT, "%s: --state %s does not exist: starting a new campaign%n", command, file);
            err.flush();
            return new Campaign(file, null, columns, target, settings);
        }
        CampaignState state = CampaignState.read(file);
        state.checkContinuableWith(file, columns, target, settings, PER_ROUND_SETTINGS);
        try {
            strategy.resumeFrom(state.policy());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--state file " + file + ": " + e.getMessage(), e);
        }
        err.printf(Locale.ROOT, "%s: --state %s: continuing the campaign after round %d (policy last trained on "
                + "%d labelled rows)%n", command, file, state.round(), state.history().isEmpty() ? 0
                : state.history().get(state.history().size() - 1).trainRows());
        err.flush();
        return new Campaign(file, state, columns, target, settings);
    }

    /**
     * Writes the state after a round.
     *
     * @param strategy the strategy after {@code select}
     * @param problem  the round's problem
     * @param batch    the chosen batch
     * @param jmi      its JMI
     */
    void save(BatchGfnAcquisition strategy, AcquisitionProblem problem, int[] batch, double jmi) {
        BatchGfnAcquisition.Training t = strategy.lastTraining().orElseThrow();
        CampaignState base = previous != null ? previous
                : new CampaignState(columns, target, settings, List.of(), strategy.carriedPolicy().orElseThrow());
        CampaignState.Round round = new CampaignState.Round(base.round() + 1, problem.trainTargets().length,
                ModelFeatures.sha256(problem.trainFeatures(), problem.trainTargets()), problem.poolSize(),
                ModelFeatures.sha256(problem.poolFeatures(), null), batch.length, t.steps(), t.seconds(),
                t.fromCarriedPolicy(), t.lookaheadSteps(), jmi, t.stopReason());
        base.after(round, strategy.carriedPolicy().orElseThrow()).write(file);
    }

    /**
     * @param strategy the strategy
     * @return its configuration, name → value, from its provenance (every {@code @Config} field)
     */
    static Map<String, String> settings(BatchGfnAcquisition strategy) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Provenance> e : strategy.getProvenance().getConfiguredParameters().entrySet()) {
            Provenance p = e.getValue();
            out.put(e.getKey(), p instanceof PrimitiveProvenance<?> prim ? String.valueOf(prim.getValue())
                    : p.toString());
        }
        return out;
    }
}
