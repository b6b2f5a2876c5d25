package org.batchgfn.onnx;

/**
 * Pool features the loaded policy cannot sample from: an empty pool, a row whose width differs from the model's input
 * dimension, a NaN or infinite feature, or a batch size larger than the pool. The message names the row and column
 * and what is allowed.
 */
public final class InvalidPoolException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where
     */
    public InvalidPoolException(String message) {
        super(message);
    }
}
