package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The skeleton of the kernel-based batch rules of Holzmüller et al. (JMLR 2023): {@link MaxDist},
 * {@link KMeansPlusPlus}, {@link Lcmd} and {@link Bait}. It holds the two settings they share, the selection
 * kernel ({@link SelectionKernel}) and the mode ({@link SelectionMode}), and the common contract: the rule picks
 * points one at a time, ties go to the first index, no point is picked twice, and if the rule runs out of positive
 * scores the rest of the batch is filled uniformly at random, which {@link #choose} reports and {@link #select}
 * logs as a warning.
 */
public abstract class KernelBatchAcquisition implements AcquisitionStrategy {

    private static final Logger LOGGER = Logger.getLogger(KernelBatchAcquisition.class.getName());

    @Config(description = "Selection kernel: PRIOR (the GP's prior kernel with its fitted hyperparameters) or "
            + "POSTERIOR (the GP posterior covariance given the labelled points).")
    private SelectionKernel selectionKernel;

    @Config(description = "Selection mode: TP (the training points are first added as already-selected centres) "
            + "or P (pool only).")
    private SelectionMode mode;

    /**
     * @param selectionKernel the default kernel of the subclass (olcut may override it)
     * @param mode            the default mode of the subclass
     */
    protected KernelBatchAcquisition(SelectionKernel selectionKernel, SelectionMode mode) {
        this.selectionKernel = selectionKernel;
        this.mode = mode;
    }

    /**
     * Validates the shared settings; subclasses that add settings call this first.
     *
     * @throws PropertyException naming the field if the kernel or the mode is missing
     */
    @Override
    public void postConfig() {
        if (selectionKernel == null) {
            throw new PropertyException("", "selectionKernel", "the selection kernel must be PRIOR or POSTERIOR");
        }
        if (mode == null) {
            throw new PropertyException("", "mode", "the selection mode must be TP or P");
        }
    }

    /** @return the selection kernel */
    public SelectionKernel selectionKernel() {
        return selectionKernel;
    }

    /** @return the selection mode */
    public SelectionMode mode() {
        return mode;
    }

    /**
     * Chooses a batch and says whether the rule ran out of positive scores.
     *
     * @param problem   the pool, training data and GP
     * @param batchSize B, in {@code [1, problem.poolSize()]}
     * @param rng       random source (the random fill, and the draws of stochastic rules)
     * @return the batch and the number of randomly filled points
     * @throws IllegalArgumentException for a batch size outside {@code [1, N]} or a problem without a GP posterior
     */
    public final BatchSelection choose(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        AcquisitionStrategy.checkBatchSize(batchSize, problem.poolSize());
        PickedPoints picked = new PickedPoints(problem.poolSize(), batchSize);
        pick(problem, picked, rng);
        return picked.fillRandomly(rng);
    }

    @Override
    public final int[] select(AcquisitionProblem problem, int batchSize, SplittableRandom rng) {
        BatchSelection s = choose(problem, batchSize, rng);
        if (s.randomFills() > 0 && LOGGER.isLoggable(Level.WARNING)) {
            LOGGER.warning(name() + " ran out of positive scores after " + (batchSize - s.randomFills())
                    + " of " + batchSize + " points; the other " + s.randomFills() + " were drawn uniformly at random");
        }
        return s.indices();
    }

    /**
     * Runs the rule: adds pool points to {@code picked} until it is full or no point has a positive score left
     * (then returns; the caller fills the rest at random).
     *
     * @param problem the problem
     * @param picked  the batch so far (empty on entry)
     * @param rng     random source of stochastic rules
     */
    protected abstract void pick(AcquisitionProblem problem, PickedPoints picked, SplittableRandom rng);

    /**
     * @param problem the problem
     * @return the points the rule works on: in TP mode the training points (indices {@code 0..M−1}) then the pool
     *         (indices {@code M..M+N−1}); in P mode the pool only
     */
    protected final SelectionSpace space(AcquisitionProblem problem) {
        return SelectionSpace.of(problem, selectionKernel, mode == SelectionMode.TP);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "AcquisitionStrategy");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(selectionKernel=" + selectionKernel + ",mode=" + mode + ")";
    }
}
