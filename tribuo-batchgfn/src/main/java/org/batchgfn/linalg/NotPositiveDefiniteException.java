package org.batchgfn.linalg;

/**
 * Thrown when a matrix that must be symmetric positive definite (a kernel matrix plus noise) cannot be Cholesky
 * factorised even after jitter escalation.
 */
public final class NotPositiveDefiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what the caller can check
     */
    public NotPositiveDefiniteException(String message) {
        super(message);
    }
}
