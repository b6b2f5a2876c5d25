package org.batchgfn.onnx;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 16 threads × 200 batches on one loaded policy: no error, and each thread's batches equal a sequential run. */
class OnnxPolicyConcurrencyTest {

    private static final int THREADS = 16;
    private static final int BATCHES = 200;

    private static long seed(int thread, int batch) {
        return 1_000L * thread + batch;
    }

    @Test
    void concurrentCallersGetTheSequentialResults() throws Exception {
        double[][] pool = ToyPolicyFixture.pool(60, 5);
        try (OnnxPolicy policy = ToyPolicyFixture.load()) {
            List<List<SampledBatch>> sequential = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<SampledBatch> mine = new ArrayList<>();
                for (int i = 0; i < BATCHES; i++) {
                    mine.add(policy.sample(pool, 5, seed(t, i)));
                }
                sequential.add(mine);
            }
            ExecutorService executor = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<SampledBatch>>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int thread = t;
                    Callable<List<SampledBatch>> job = () -> {
                        List<SampledBatch> mine = new ArrayList<>();
                        for (int i = 0; i < BATCHES; i++) {
                            mine.add(policy.sample(pool, 5, seed(thread, i)));
                        }
                        return mine;
                    };
                    futures.add(executor.submit(job));
                }
                for (int t = 0; t < THREADS; t++) {
                    assertEquals(sequential.get(t), futures.get(t).get(), "thread " + t);
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /** Threads sharing one encoded pool (the projections tensor is a shared input) also match a sequential run. */
    @Test
    void concurrentSamplingFromOneEncodedPool() throws Exception {
        double[][] pool = ToyPolicyFixture.pool(60, 6);
        try (OnnxPolicy policy = ToyPolicyFixture.load(); EncodedPool encoded = policy.encode(pool)) {
            List<SampledBatch> sequential = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                sequential.add(encoded.sample(5, i));
            }
            ExecutorService executor = Executors.newFixedThreadPool(8);
            try {
                List<Future<SampledBatch>> futures = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    final long seed = i;
                    futures.add(executor.submit(() -> encoded.sample(5, seed)));
                }
                for (int i = 0; i < 400; i++) {
                    assertEquals(sequential.get(i), futures.get(i).get(), "seed " + i);
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }
}
