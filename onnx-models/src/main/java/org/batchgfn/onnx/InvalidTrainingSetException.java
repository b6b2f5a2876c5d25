package org.batchgfn.onnx;

/**
 * A training set that does not fit the loaded policy: training data given to a policy that is not conditioned on a
 * training set, none given to one that is, features of the wrong width, a different number of feature rows and
 * targets, or a NaN or infinite value. The message names the row and column and what is allowed.
 */
public final class InvalidTrainingSetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where
     */
    public InvalidTrainingSetException(String message) {
        super(message);
    }
}
