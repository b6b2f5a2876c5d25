package org.batchgfn.spark;

import org.batchgfn.onnx.InvalidPolicyModelException;
import org.batchgfn.onnx.OnnxPolicy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime session per policy per JVM: every task of an executor that needs a policy shares it (a session's
 * {@code run} is thread-safe), with one intra-op thread, since the executor's task slots already use its cores.
 * Keyed by the SHA-256 of the model bytes. Sessions live as long as the JVM (an executor's lifetime); on hosts
 * whose temporary directory is mounted noexec, point {@code java.io.tmpdir} or {@code onnxruntime.native.path} at
 * one that is not, so that ONNX Runtime can load its native library.
 */
final class ExecutorPolicies {

    private static final Map<String, OnnxPolicy> POLICIES = new ConcurrentHashMap<>();

    private ExecutorPolicies() {
    }

    /**
     * @param model  the ONNX model bytes (from a broadcast)
     * @param source a name for error messages
     * @return this JVM's session for the model
     */
    static OnnxPolicy get(byte[] model, String source) {
        return POLICIES.computeIfAbsent(digest(model), k -> {
            try {
                return OnnxPolicy.fromBytes(model, source, 1);
            } catch (InvalidPolicyModelException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    private static String digest(byte[] model) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
