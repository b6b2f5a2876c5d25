package org.batchgfn.onnx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Serving a trained policy from another JVM app" snippet, compiled and run here; a second test checks
 * that the README shows exactly these lines.
 */
class ReadmeSnippetTest {

    private static final Path SOURCE = Path.of("src/test/java/org/batchgfn/onnx/ReadmeSnippetTest.java");
    private static final Path README = Path.of("../README.md");

    /** A stand-in reward for the example: the spread (max − min) of the chosen 1-D points. */
    private static double spread(double[][] pool, int[] batch) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i : batch) {
            lo = Math.min(lo, pool[i][0]);
            hi = Math.max(hi, pool[i][0]);
        }
        return hi - lo;
    }

    /** The README snippet; the README closes the try block right after {@code README-END}. */
    private static SampledBatch[] snippet() throws IOException {
        // README-BEGIN
        try (InputStream in = OnnxPolicy.class.getResourceAsStream("/org/batchgfn/onnx/toy-policy.onnx");
             OnnxPolicy policy = OnnxPolicy.load(in, "toy-policy.onnx")) {
            double[][] pool = new double[100][1];         // raw features: N rows of d = 1 (the toy task)
            for (int i = 0; i < pool.length; i++) {
                pool[i][0] = -3 + 6.0 * i / (pool.length - 1);
            }
            int b = policy.metadata().batchSize();        // the B it was trained for (5)
            SampledBatch batch = policy.sample(pool, b, 42L);   // B distinct indices; same seed, same batch
            System.out.println(Arrays.toString(batch.indices()) + " log p = " + batch.logProbability());
            // BatchGFN inference: the best of K = 20 samples under your own reward of a batch
            SampledBatch best = policy.bestOf(pool, b, 20, 42L, indices -> spread(pool, indices));
            // README-END
            return new SampledBatch[]{batch, best};
        }
    }

    @Test
    void snippetRuns() throws Exception {
        SampledBatch[] out = snippet();
        assertEquals(5, Arrays.stream(out[0].indices()).distinct().count());
        double[][] pool = new double[100][1];
        for (int i = 0; i < pool.length; i++) {
            pool[i][0] = -3 + 6.0 * i / (pool.length - 1);
        }
        // the first of the 20 samples is the plain sample of the same seed, so the best is at least as good
        assertTrue(spread(pool, out[1].indices()) >= spread(pool, out[0].indices()));
    }

    @Test
    void readmeShowsTheSnippetVerbatim() throws Exception {
        List<String> source = Files.readAllLines(SOURCE);
        List<String> snippet = source.subList(indexOf(source, "// README-BEGIN") + 1, indexOf(source, "// README-END"))
                .stream().map(String::strip).collect(Collectors.toList());
        String readme = Files.readString(README);
        int section = readme.indexOf("## Serving a trained policy from another JVM app");
        assertTrue(section >= 0, "README lacks the serving section");
        int start = readme.indexOf("```java", section);
        int end = readme.indexOf("```", start + 7);
        List<String> shown = Arrays.stream(readme.substring(start + 7, end).split("\n"))
                .map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toList());
        List<String> expected = new java.util.ArrayList<>(snippet);
        expected.add("}");
        assertEquals(expected, shown, "README snippet differs from ReadmeSnippetTest.snippet");
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker " + marker + " not found");
    }
}
