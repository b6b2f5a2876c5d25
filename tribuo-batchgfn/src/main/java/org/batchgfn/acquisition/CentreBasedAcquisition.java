package org.batchgfn.acquisition;

import org.batchgfn.problem.AcquisitionProblem;
import java.util.SplittableRandom;

/**
 * The loop the centre-based rules share ({@link MaxDist}, {@link KMeansPlusPlus}, {@link Lcmd}): in TP mode the
 * training points become centres first; then each step asks the rule for the next pool point — with no centre yet
 * {@link #firstPick}, afterwards {@link #nextPick} — adds it to the batch and makes it a centre, until the batch is
 * full or the rule finds no point with a positive score.
 */
public abstract class CentreBasedAcquisition extends KernelBatchAcquisition {

    /**
     * @param selectionKernel the kernel distances are measured with
     * @param mode            whether the training points are the first centres
     */
    protected CentreBasedAcquisition(SelectionKernel selectionKernel, SelectionMode mode) {
        super(selectionKernel, mode);
    }

    @Override
    protected final void pick(AcquisitionProblem problem, PickedPoints picked, SplittableRandom rng) {
        CentreDistances centres = new CentreDistances(space(problem)).withTrainingCentres();
        while (!picked.full()) {
            int next = centres.hasCentre() ? nextPick(centres, picked, rng) : firstPick(centres, picked, rng);
            if (next < 0) {
                return;
            }
            picked.add(next);
            centres.addPoolCentre(next);
        }
    }

    /**
     * The pick with no centre at all (P mode, or no training data): by default the pool point of largest
     * κ(x, x), first index on ties.
     *
     * @param centres the (empty) centres
     * @param picked  the batch so far
     * @param rng     random source
     * @return a pool index not yet picked
     */
    int firstPick(CentreDistances centres, PickedPoints picked, SplittableRandom rng) {
        return centres.largestVariance(picked);
    }

    /**
     * @param centres the distances to the centres so far
     * @param picked  the batch so far
     * @param rng     random source
     * @return the next pool index, or −1 if no unpicked point has a positive score
     */
    abstract int nextPick(CentreDistances centres, PickedPoints picked, SplittableRandom rng);
}
