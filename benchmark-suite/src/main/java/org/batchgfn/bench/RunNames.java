package org.batchgfn.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * How a configuration becomes a run folder's {@code config.txt} and its default name, shared by {@link BenchConfig}
 * and {@link SuiteConfig} so two configurations never write into one folder.
 */
final class RunNames {

    private RunNames() {
    }

    /**
     * @param settings ordered settings
     * @return one {@code key = value} line per setting
     */
    static String text(Map<String, String> settings) {
        StringBuilder sb = new StringBuilder();
        settings.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    /**
     * @param prefix e.g. {@code toy-}
     * @param text   the configuration text
     * @return the prefix and 10 hex digits of the text's SHA-256
     */
    static String name(String prefix, String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(h).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
