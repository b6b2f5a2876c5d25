package org.batchgfn.problem;

import org.batchgfn.gp.GaussianProcessModel;
import org.batchgfn.gp.GaussianProcessPosterior;
import org.batchgfn.reward.JointMutualInformation;
import org.tribuo.Example;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a strategy may look at when choosing a batch: the unlabelled pool, the labelled training data, the
 * GP posterior and the batch reward over the pool. Pool indices in a returned batch refer to rows of
 * {@link #poolFeatures()}.
 *
 * @param poolFeatures  unlabelled pool, N rows of d raw features (model feature order)
 * @param trainFeatures labelled inputs, M rows of d raw features
 * @param trainTargets  labelled targets, M raw values
 * @param posterior     the GP posterior given the training data
 * @param reward        the JMI over the pool under that posterior
 */
public record AcquisitionProblem(double[][] poolFeatures, double[][] trainFeatures, double[] trainTargets,
                                 GaussianProcessPosterior posterior, JointMutualInformation reward) {

    /**
     * Builds the problem, computing the JMI over the pool from the posterior.
     *
     * @param poolFeatures  the pool
     * @param trainFeatures training inputs
     * @param trainTargets  training targets
     * @param posterior     the GP posterior
     * @return the problem
     * @throws IllegalArgumentException for an empty pool, mismatched dimensions or non-finite values
     */
    public static AcquisitionProblem of(double[][] poolFeatures, double[][] trainFeatures, double[] trainTargets,
                                        GaussianProcessPosterior posterior) {
        if (poolFeatures.length == 0) {
            throw new IllegalArgumentException("the unlabelled pool is empty: nothing to acquire");
        }
        int d = posterior.inputDimension();
        checkMatrix("pool", poolFeatures, d);
        checkMatrix("training", trainFeatures, d);
        if (trainTargets.length != trainFeatures.length) {
            throw new IllegalArgumentException("training set has " + trainFeatures.length + " inputs but "
                    + trainTargets.length + " targets");
        }
        for (int i = 0; i < trainTargets.length; i++) {
            if (!Double.isFinite(trainTargets[i])) {
                throw new IllegalArgumentException("training target " + i + " is " + trainTargets[i]
                        + "; targets must be finite");
            }
        }
        JointMutualInformation jmi = new JointMutualInformation(posterior.covariance(poolFeatures),
                posterior.noiseVariance());
        return new AcquisitionProblem(poolFeatures, trainFeatures, trainTargets, posterior, jmi);
    }

    /**
     * The glue from Tribuo data: the problem of choosing among {@code unlabelled} given a GP fitted on
     * {@code labelled}. Rows follow the model's feature order ({@link GaussianProcessModel#featureMatrix}); pool
     * index i is the i-th example of {@code unlabelled} in iteration order.
     *
     * @param model      the GP fitted on the labelled data (its posterior is the problem's)
     * @param labelled   the labelled examples, single-output regression targets
     * @param unlabelled the candidates (their outputs, if any, are ignored)
     * @return the problem
     * @throws IllegalArgumentException for an empty pool, a multi-output or non-finite target, or non-finite features
     */
    public static AcquisitionProblem of(GaussianProcessModel model, Iterable<? extends Example<Regressor>> labelled,
                                        Iterable<? extends Example<Regressor>> unlabelled) {
        List<double[]> targets = new ArrayList<>();
        int i = 0;
        for (Example<Regressor> e : labelled) {
            double[] v = e.getOutput().getValues();
            if (v.length != 1) {
                throw new IllegalArgumentException("labelled example " + i + " has a " + v.length
                        + "-dimensional target; acquisition needs single-output regression");
            }
            targets.add(v);
            i++;
        }
        double[] y = new double[targets.size()];
        for (int k = 0; k < y.length; k++) {
            y[k] = targets.get(k)[0];
        }
        return of(model.featureMatrix(unlabelled), model.featureMatrix(labelled), y, model.posterior());
    }

    /** @return the pool size N */
    public int poolSize() {
        return poolFeatures.length;
    }

    /**
     * The next round's problem once the batch is labelled: the batch leaves the pool (the other points keep their
     * order), joins the training set with its labels, and the GP is conditioned on them with unchanged
     * hyperparameters ({@link GaussianProcessPosterior#condition}).
     *
     * @param batch  distinct pool indices
     * @param labels their labels, raw target units, indexed like {@code batch}
     * @return the next problem
     * @throws IllegalArgumentException if the problem has no posterior, the batch has repeated or out-of-range
     *                                  indices or would empty the pool, or the labels do not match it
     */
    public AcquisitionProblem afterLabelling(int[] batch, double[] labels) {
        if (posterior == null) {
            throw new IllegalArgumentException("the next round needs the GP posterior of the acquisition problem, "
                    + "which has none");
        }
        int n = poolSize();
        boolean[] inBatch = batchMask(batch);
        if (labels.length != batch.length) {
            throw new IllegalArgumentException("batch has " + batch.length + " points but " + labels.length
                    + " labels");
        }
        double[][] xBatch = new double[batch.length][];
        for (int k = 0; k < batch.length; k++) {
            xBatch[k] = poolFeatures[batch[k]].clone();
        }
        double[][] pool = new double[n - batch.length][];
        for (int i = 0, r = 0; i < n; i++) {
            if (!inBatch[i]) {
                pool[r++] = poolFeatures[i];
            }
        }
        int m = trainFeatures.length;
        double[][] trainX = java.util.Arrays.copyOf(trainFeatures, m + batch.length);
        double[] trainY = java.util.Arrays.copyOf(trainTargets, m + batch.length);
        System.arraycopy(xBatch, 0, trainX, m, batch.length);
        System.arraycopy(labels, 0, trainY, m, batch.length);
        return of(pool, trainX, trainY, posterior.condition(xBatch, labels));
    }

    /**
     * @param batch pool indices
     * @return which pool points are in the batch
     * @throws IllegalArgumentException if an index is out of range or repeated, or the batch would empty the pool
     */
    boolean[] batchMask(int[] batch) {
        int n = poolSize();
        boolean[] inBatch = new boolean[n];
        for (int i : batch) {
            if (i < 0 || i >= n || inBatch[i]) {
                throw new IllegalArgumentException("batch index " + i + " is outside the pool [0, " + n
                        + ") or repeated");
            }
            inBatch[i] = true;
        }
        if (batch.length >= n) {
            throw new IllegalArgumentException("a batch of " + batch.length + " would empty the pool of " + n);
        }
        return inBatch;
    }

    private static void checkMatrix(String what, double[][] m, int d) {
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != d) {
                throw new IllegalArgumentException(what + " row " + i + " has " + m[i].length
                        + " features but the model expects " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(what + " row " + i + ", feature " + j + " is " + m[i][j]
                            + "; features must be finite (no NaN or infinity)");
                }
            }
        }
    }
}
