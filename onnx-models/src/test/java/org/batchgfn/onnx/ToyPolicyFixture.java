package org.batchgfn.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/** The shipped toy-task policy and pools for it. */
final class ToyPolicyFixture {

    static final String RESOURCE = "/org/batchgfn/onnx/toy-policy.onnx";

    private ToyPolicyFixture() {
    }

    static byte[] bytes() {
        try (InputStream in = ToyPolicyFixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OnnxPolicy load() {
        try {
            return OnnxPolicy.fromBytes(bytes(), RESOURCE);
        } catch (InvalidPolicyModelException e) {
            throw new IllegalStateException(e);
        }
    }

    /** N one-dimensional points, uniform on [−3, 3]. */
    static double[][] pool(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] pool = new double[n][1];
        for (double[] row : pool) {
            row[0] = 6 * rng.nextDouble() - 3;
        }
        return pool;
    }
}
