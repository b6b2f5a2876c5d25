package org.batchgfn.onnx;

import java.io.IOException;

/**
 * A file or byte array that cannot be used as a BatchGFN policy: not an ONNX model at all (corrupt, truncated, some
 * other format), or an ONNX model without the inputs, outputs or metadata the runtime needs. The message names the
 * source and what is wrong or missing.
 */
public final class InvalidPolicyModelException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the source
     */
    public InvalidPolicyModelException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the source
     * @param cause   the underlying parser or runtime error
     */
    public InvalidPolicyModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
