package org.batchgfn.acquisition;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.problem.AcquisitionProblem;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The one-call entry point for "which examples should be labelled next?": fits the GP on the labelled data, builds
 * the acquisition problem over the unlabelled examples and asks the strategy for a batch.
 * <pre>{@code
 * BatchAcquirer acquirer = new BatchAcquirer(new GaussianProcessTrainer(KernelType.MATERN52),
 *         new GreedyBatchBald(), 42L);
 * BatchAcquirer.Acquisition next = acquirer.acquire(labelled, unlabelled, 10);
 * next.examples();   // the 10 examples to label, in selection order
 * }</pre>
 * Configured and immutable in Tribuo's style: the trainer, the strategy and the seed are {@code @Config} fields and
 * {@link #getProvenance()} describes all three, so an acquisition can be reproduced from the provenance. Every call
 * draws from a fresh {@code SplittableRandom(seed)}: the same inputs give the same batch. A strategy that carries a
 * policy between rounds ({@link BatchGfnAcquisition} in CONTINUE or LOOKAHEAD mode) carries it between calls of the
 * acquirer holding it. Candidates are only ever the {@code unlabelled} examples; passing an example object that is
 * also in {@code labelled} is refused.
 */
public final class BatchAcquirer implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    @Config(mandatory = true, description = "Trains the GP regressor on the labelled data; must produce a "
            + "GaussianProcessModel.")
    private Trainer<Regressor> trainer;

    @Config(mandatory = true, description = "Chooses the batch from the unlabelled examples.")
    private AcquisitionStrategy strategy;

    @Config(description = "Seed of the strategy's random choices; each call starts from it.")
    private long seed = 1L;

    /** For olcut configuration. */
    private BatchAcquirer() {
    }

    /**
     * @param trainer  the GP trainer (e.g. {@code GaussianProcessTrainer}); must produce a {@link GaussianProcessModel}
     * @param strategy the acquisition strategy
     * @param seed     seed of the strategy's random choices
     */
    public BatchAcquirer(Trainer<Regressor> trainer, AcquisitionStrategy strategy, long seed) {
        this.trainer = trainer;
        this.strategy = strategy;
        this.seed = seed;
        postConfig();
    }

    /**
     * @throws IllegalArgumentException if the trainer or strategy is missing
     */
    @Override
    public void postConfig() {
        if (trainer == null) {
            throw new IllegalArgumentException("trainer must not be null");
        }
        if (strategy == null) {
            throw new IllegalArgumentException("strategy must not be null");
        }
    }

    /**
     * The result of one acquisition.
     *
     * @param examples the chosen examples of {@code unlabelled}, in selection order
     * @param indices  their positions in {@code unlabelled}'s iteration order
     * @param jmi      the batch's joint mutual information {@code ½ log det(I + σ⁻² Σ_B)} under the fitted GP, nats
     * @param model    the GP fitted on the labelled data
     */
    public record Acquisition(List<Example<Regressor>> examples, int[] indices, double jmi,
                              GaussianProcessModel model) {
        /** Copies the indices and makes the example list unmodifiable. */
        public Acquisition {
            examples = Collections.unmodifiableList(new ArrayList<>(examples));
            indices = indices.clone();
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }
    }

    /**
     * Fits the GP on {@code labelled} and chooses {@code batchSize} of the {@code unlabelled} examples.
     *
     * @param labelled   the labelled data (single-output regression)
     * @param unlabelled the candidates; their outputs, if any, are ignored
     * @param batchSize  B, between 1 and the number of candidates
     * @return the chosen examples, their indices in {@code unlabelled}, the batch JMI and the fitted GP
     * @throws IllegalArgumentException if the batch size is out of range, a candidate is also in {@code labelled},
     *                                  the trainer does not produce a GP, or the data are invalid
     */
    public Acquisition acquire(Dataset<Regressor> labelled, Iterable<? extends Example<Regressor>> unlabelled,
                               int batchSize) {
        Map<Example<Regressor>, Boolean> seen = new IdentityHashMap<>();
        for (Example<Regressor> e : labelled) {
            seen.put(e, Boolean.TRUE);
        }
        List<Example<Regressor>> candidates = new ArrayList<>();
        for (Example<Regressor> e : unlabelled) {
            if (seen.containsKey(e)) {
                throw new IllegalArgumentException("unlabelled example " + candidates.size() + " is also in the "
                        + "labelled dataset; candidates must be examples that are not labelled yet");
            }
            candidates.add(e);
        }
        AcquisitionStrategy.checkBatchSize(batchSize, candidates.size());
        Model<Regressor> fitted = trainer.train(labelled);
        if (!(fitted instanceof GaussianProcessModel gp)) {
            throw new IllegalArgumentException("the trainer must produce a GaussianProcessModel, got "
                    + fitted.getClass().getName());
        }
        AcquisitionProblem problem = AcquisitionProblem.of(gp, labelled, candidates);
        int[] chosen = strategy.select(problem, batchSize, new SplittableRandom(seed));
        List<Example<Regressor>> examples = new ArrayList<>(chosen.length);
        for (int i : chosen) {
            examples.add(candidates.get(i));
        }
        return new Acquisition(examples, chosen, problem.reward().value(chosen), gp);
    }

    /** @return the strategy */
    public AcquisitionStrategy strategy() {
        return strategy;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "BatchAcquirer");
    }

    @Override
    public String toString() {
        return "BatchAcquirer(trainer=" + trainer + ", strategy=" + strategy.name() + ", seed=" + seed + ")";
    }
}
