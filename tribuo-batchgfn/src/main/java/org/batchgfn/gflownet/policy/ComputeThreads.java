package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one thread setting of BatchGFN training: how many threads the fused head kernel ({@link HeadKernel}) splits
 * its pool chunks over, and how many ND4J gives its BLAS products (its other native ops run on one thread, see
 * {@link #set}). Process-wide, as ND4J's own
 * setting is. Default: every core ({@link Runtime#availableProcessors()}), or the system property
 * {@value #PROPERTY} when set.
 * <p>
 * The kernel's results do not depend on the setting: its work is cut into chunks fixed by the pool size alone,
 * each chunk's output is written by one thread, and partial sums are added in chunk order by the caller. ND4J's BLAS
 * products are deterministic for a given thread count but change in the last bits between thread counts (OpenBLAS
 * blocks the product per thread count), so a seed gives bit-identical training for a given setting, and the same
 * batches to float rounding across settings ({@code TrainingDeterminismTest}).
 */
public final class ComputeThreads {

    /** The system property that sets the initial thread count (for drivers and JMH forks). */
    public static final String PROPERTY = "batchgfn.threads";

    private static volatile int threads = initial();
    private static ExecutorService helpers;

    private ComputeThreads() {
    }

    /** @return the current thread count */
    public static int get() {
        return threads;
    }

    /**
     * Sets the kernel's and ND4J's BLAS thread count; ND4J's OpenMP ops (element-wise, reductions, Adam) are set to
     * one thread.
     *
     * @param count threads, ≥ 1
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static synchronized void set(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + count);
        }
        threads = count;
        applyToNd4j(count);
    }

    /**
     * BLAS (OpenBLAS's own threads) gets {@code count}; ND4J's OpenMP ops (element-wise, reductions, the Adam op) run
     * on one thread: they are memory-bound and small here, and on a shared machine their OpenMP barriers cost more
     * than they save (measured at load average 17 on 2 cores, H = 256: the Adam step 270 ms with 2 OpenMP threads,
     * 36 ms with 1).
     */
    private static void applyToNd4j(int count) {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(count);
    }

    private static int initial() {
        String value = System.getProperty(PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (value == null) {
            applyToNd4j(cores);
            return cores;
        }
        int count;
        try {
            count = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be an integer >= 1, got '"
                    + value + "'");
        }
        if (count < 1) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be >= 1, got " + count);
        }
        applyToNd4j(count);
        return count;
    }

    private static synchronized ExecutorService helpers() {
        if (helpers == null) {
            helpers = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "batchgfn-kernel");
                t.setDaemon(true);
                return t;
            });
        }
        return helpers;
    }

    /**
     * Runs {@code task(0) … task(tasks − 1)} on up to {@link #get()} threads (the caller's included) and returns when
     * all are done. Tasks must write disjoint outputs.
     *
     * @param tasks number of tasks
     * @param task  the work of one task
     */
    static void run(int tasks, IntConsumer task) {
        int workers = Math.min(threads, tasks);
        if (workers <= 1) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        // Tasks are claimed from a counter, and the caller waits for the claimed tasks to finish, not for the helpers
        // to start: on a loaded machine a helper that is not scheduled in time simply finds nothing left to do.
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        ExecutorService pool = helpers();
        for (int w = 1; w < workers; w++) {
            pool.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kernel threads", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
