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
 * its pool chunks over. Process-wide. Default: every core ({@link Runtime#availableProcessors()}), or the system
 * property {@value #PROPERTY} when set.
 * <p>
 * ND4J (the BLAS products and its other native ops) is pinned to one thread, whatever the setting, so that a seed
 * gives bit-identical training whatever the thread count (TrainingDeterminismTest): OpenBLAS's multi-threaded products are not reproducible
 * (measured: a 2000×64 sgemm differs in the last bits between 1 and 2 threads, and two 50-step trainings with 2 BLAS
 * threads differed, from the pool-sized {@code Xᵀ ∂Z} product of a one-feature encoder, which OpenBLAS runs as a
 * split reduction), and on a shared machine ND4J's OpenMP barriers cost more than they save (measured at load
 * average 17 on 2 cores, H = 256: the Adam step took 270 ms with 2 OpenMP threads, 36 ms with 1). The kernel's
 * results do not depend on the setting: its work is cut into chunks fixed by the pool size alone, each chunk's
 * output is written by one thread, and partial sums are added in chunk order ({@code TrainingDeterminismTest}).
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
     * Sets the kernel's thread count (and keeps ND4J on one thread).
     *
     * @param count threads, ≥ 1
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static synchronized void set(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + count);
        }
        threads = count;
        pinNd4j();
    }

    /** ND4J's OpenMP ops and OpenBLAS on one thread (see the class comment). */
    private static void pinNd4j() {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
    }

    private static int initial() {
        String value = System.getProperty(PROPERTY);
        int cores = Runtime.getRuntime().availableProcessors();
        if (value == null) {
            pinNd4j();
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
        pinNd4j();
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

    /** Set while a thread runs a task of {@link #run}: a nested call then runs its tasks inline. */
    private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * Runs {@code task(0) … task(tasks − 1)} on up to {@link #get()} threads (the caller's included) and returns when
     * all are done. Tasks must write disjoint outputs, so the result does not depend on which thread runs which
     * task. A call from inside a task (the sampler's per-trajectory tasks reaching the kernel's per-chunk ones) runs
     * inline, so the machine is never oversubscribed.
     *
     * @param tasks number of tasks
     * @param task  the work of one task
     */
    public static void run(int tasks, IntConsumer task) {
        int workers = Math.min(threads, tasks);
        if (workers <= 1 || IN_TASK.get()) {
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
            IN_TASK.set(Boolean.TRUE);
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    try {
                        task.accept(i);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        done.countDown();
                    }
                }
            } finally {
                IN_TASK.set(Boolean.FALSE);
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
