package org.batchgfn.loop;

/**
 * The outcome of one round of active learning: the model retrained on every label so far, scored on the test set.
 * Round 0 is the model trained on the seed set alone (no acquisition: {@code batchJmi} is NaN, no chosen points).
 *
 * @param round              round number, 0 for the seed set
 * @param labels             number of labelled points the model was trained on (seed set included)
 * @param testRmse           root mean squared error of the predictive mean on the test set
 * @param testNll            mean Gaussian negative log predictive density per test point, nats, with the predictive
 *                           variance {@code latent variance + noise variance}
 * @param testMae            mean absolute error of the predictive mean
 * @param testMaxError       largest absolute error of the predictive mean on the test set
 * @param batchJmi           JMI of the acquired batch under the posterior it was chosen with, nats (NaN in round 0)
 * @param acquisitionSeconds wall-clock seconds the strategy took to choose the batch (0 in round 0)
 * @param trainingSeconds    wall-clock seconds to train the model
 * @param chosenPoolIndices  pool rows acquired this round, in selection order (empty in round 0)
 */
public record RoundResult(int round, int labels, double testRmse, double testNll, double testMae,
                          double testMaxError, double batchJmi, double acquisitionSeconds, double trainingSeconds,
                          int[] chosenPoolIndices) {

    /** Defensive copy so results stay immutable. */
    public RoundResult {
        chosenPoolIndices = chosenPoolIndices.clone();
    }

    /**
     * A result without the maximum error (NaN), for callers that do not compute it.
     *
     * @param round              round number
     * @param labels             labelled points
     * @param testRmse           test RMSE
     * @param testNll            test NLL
     * @param testMae            test MAE
     * @param batchJmi           JMI of the batch
     * @param acquisitionSeconds acquisition seconds
     * @param trainingSeconds    training seconds
     * @param chosenPoolIndices  acquired pool rows
     */
    public RoundResult(int round, int labels, double testRmse, double testNll, double testMae, double batchJmi,
                       double acquisitionSeconds, double trainingSeconds, int[] chosenPoolIndices) {
        this(round, labels, testRmse, testNll, testMae, Double.NaN, batchJmi, acquisitionSeconds, trainingSeconds,
                chosenPoolIndices);
    }

    /** @return a copy of the acquired pool rows */
    @Override
    public int[] chosenPoolIndices() {
        return chosenPoolIndices.clone();
    }

    /** @return the fields, with the chosen pool rows written out */
    @Override
    public String toString() {
        return "RoundResult[round=" + round + ", labels=" + labels + ", testRmse=" + testRmse + ", testNll=" + testNll
                + ", testMae=" + testMae + ", testMaxError=" + testMaxError + ", batchJmi=" + batchJmi
                + ", acquisitionSeconds=" + acquisitionSeconds
                + ", trainingSeconds=" + trainingSeconds + ", chosenPoolIndices="
                + java.util.Arrays.toString(chosenPoolIndices) + "]";
    }
}
