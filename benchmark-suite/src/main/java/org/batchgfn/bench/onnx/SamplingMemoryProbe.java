package org.batchgfn.bench.onnx;

import org.batchgfn.acquisition.BatchGfnAcquisition;
import org.batchgfn.gflownet.export.PolicyOnnxExporter;
import org.batchgfn.gflownet.loss.SubTrajectoryBalanceLoss;
import org.batchgfn.gflownet.policy.PolicyArchitecture;
import org.batchgfn.gflownet.policy.PolicyNetwork;
import org.batchgfn.gflownet.policy.PoolStandardizer;
import org.batchgfn.onnx.EncodedPool;
import org.batchgfn.onnx.OnnxPolicy;
import org.batchgfn.onnx.SampledBatch;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Memory of ONNX sampling against pool size: exports one random policy (H = 256, d = 8, B = 10), then for each N
 * starts a fresh JVM that loads it with the onnx-models runtime only, encodes a pool of N random points, samples one
 * batch and reports the heap in use while the encoded pool is alive (after a GC), the peak resident set size
 * (VmHWM) and the seconds for the batch. Linear growth in N is the expectation: the runtime holds O(N·H) floats
 * (embeddings in the heap; embeddings, projections and one step's N×H hidden layer in ONNX Runtime).
 * <p>
 * Usage: {@code java -cp ... org.batchgfn.bench.onnx.SamplingMemoryProbe [N ...]} (default 25000 50000 100000).
 */
public final class SamplingMemoryProbe {

    private static final int WIDTH = 256;
    private static final int DIMENSION = 8;
    private static final int BATCH = 10;

    private SamplingMemoryProbe() {
    }

    /**
     * @param args pool sizes, or {@code --child model.onnx N} for one measurement
     * @throws Exception if a child fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            child(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(25_000, 50_000, 100_000);
        }
        Path model = Files.createTempFile("batchgfn-probe", ".onnx");
        double[][] small = randomPool(200, 3);
        PoolStandardizer standardizer = PoolStandardizer.fit(small);
        PolicyNetwork network = new PolicyNetwork(standardizer.apply(small), new PolicyArchitecture(WIDTH, 2),
                BATCH, DataType.FLOAT, new SplittableRandom(4));
        PolicyOnnxExporter.write(network, standardizer, 0.1, "none",
                BatchGfnAcquisition.paperDefaults().getProvenance(), model);
        System.out.println("N\theap_with_encoded_pool_mb\tpeak_rss_mb\tbaseline_rss_mb\tseconds_per_batch");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int n : sizes) {
            Process p = new ProcessBuilder(java, "-Xmx8g", "-cp", System.getProperty("java.class.path"),
                    SamplingMemoryProbe.class.getName(), "--child", model.toString(), Integer.toString(n))
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("RESULT\t")) {
                        System.out.println(line.substring(7));
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("probe for N = " + n + " failed");
            }
        }
        Files.deleteIfExists(model);
    }

    private static void child(Path model, int n) throws IOException {
        double[][] pool = randomPool(n, 5);
        try (OnnxPolicy policy = OnnxPolicy.load(model)) {
            policy.sample(randomPool(BATCH, 6), BATCH, 0); // warm up the session
            long baseline = rssKb("VmRSS");
            long start = System.nanoTime();
            try (EncodedPool encoded = policy.encode(pool)) {
                SampledBatch b = encoded.sample(BATCH, 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.gc();
                Runtime rt = Runtime.getRuntime();
                double heapMb = (rt.totalMemory() - rt.freeMemory()) / 1048576.0;
                if (b.size() != BATCH) {
                    throw new IllegalStateException("short batch");
                }
                System.out.printf("RESULT\t%d\t%.0f\t%.0f\t%.0f\t%.3f%n", n, heapMb, rssKb("VmHWM") / 1024.0,
                        baseline / 1024.0, seconds);
            }
        }
    }

    private static long rssKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double[][] randomPool(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] pool = new double[n][DIMENSION];
        for (double[] row : pool) {
            for (int j = 0; j < DIMENSION; j++) {
                row[j] = rng.nextDouble() * (j + 1);
            }
        }
        return pool;
    }
}
