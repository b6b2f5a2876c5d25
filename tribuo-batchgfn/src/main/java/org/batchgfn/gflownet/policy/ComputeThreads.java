package org.batchgfn.gflownet.policy;

import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The one thread setting of BatchGFN training: how many threads the fused head kernel ({@link HeadKernel}) splits
 * its pool chunks over. Process-wide. Default: every core ({@link Runtime#availableProcessors()}), or the system
 * property {@value #PROPERTY} when set.
 * <p>
 * ND4J (the BLAS products and its other native ops) is pinned to one thread per call, whatever the setting
 * (independent products may run side by side on these threads, each a single-threaded call:
 * {@code DenseLayers.concurrently}), so that a seed gives bit-identical training whatever the thread count
 * (TrainingDeterminismTest): OpenBLAS's multi-threaded products are not reproducible
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

    /**
     * How long an idle helper thread spins, checking for the next job, before it parks: a step of training calls
     * {@link #run} several times with a millisecond or two of one-thread work between the calls, and waking a parked
     * thread costs a virtual machine 0.1–0.2 ms (measured on this project's 2-core machine: four 47 µs tasks took
     * 225–257 µs per call on 2 threads of a thread pool, 190 µs on one). A helper that has just finished a job
     * therefore spins (on a core the job's caller does not use) for this long; OpenMP runtimes do the same.
     */
    static final long SPIN_NANOS = 2_000_000L;

    /** One call of {@link #run}: its tasks are claimed from a counter by the caller and the helpers. */
    private static final class Job {
        final int tasks;
        final IntConsumer task;
        /** Helpers with an index below this take part (the thread count at the call, minus the caller). */
        final int helpers;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger remaining;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller = Thread.currentThread();
        /** Distinguishes this job from the previous one without keeping a reference to it (and its arrays). */
        final long generation;

        Job(int tasks, IntConsumer task, int helpers, long generation) {
            this.generation = generation;
            this.tasks = tasks;
            this.task = task;
            this.helpers = helpers;
            this.remaining = new AtomicInteger(tasks);
        }

        /** Claims and runs tasks until none is left. */
        void work() {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }

    /** The job being run, or null; its helpers pick it up (one job at a time, see {@link #DISPATCH}). */
    private static volatile Job current;
    /** Held by the caller of the job in {@link #current}; a concurrent caller runs its tasks inline instead. */
    private static final ReentrantLock DISPATCH = new ReentrantLock();
    private static final List<Thread> HELPERS = new ArrayList<>();
    /** Jobs published so far (written under {@link #DISPATCH}). */
    private static long generations;

    /** Starts helper threads until there are {@code count}. */
    private static synchronized void ensureHelpers(int count) {
        while (HELPERS.size() < count) {
            int index = HELPERS.size();
            Thread t = new Thread(() -> helperLoop(index), "batchgfn-kernel-" + index);
            t.setDaemon(true);
            HELPERS.add(t);
            t.start();
        }
    }

    private static void helperLoop(int index) {
        IN_TASK.set(Boolean.TRUE);
        long last = 0;
        long idleSince = System.nanoTime();
        while (true) {
            Job job = current;
            if (job != null && job.generation != last) {
                last = job.generation;
                if (index < job.helpers) {
                    job.work();
                }
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(); // run() unparks every helper when it publishes a job
            }
        }
    }

    /** Set while a thread runs a task of {@link #run}: a nested call then runs its tasks inline. */
    private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /**
     * {@link #run(int, IntConsumer)} when the work is large enough to pay for handing tasks to other threads, else the
     * tasks one after another on the calling thread. The tasks write disjoint outputs, so the results are the same
     * either way; only the caller knows the size that pays (a kernel's triples, a product's entries).
     *
     * @param tasks        number of tasks
     * @param task         the work of one task
     * @param worthThreads false to run inline
     */
    public static void run(int tasks, IntConsumer task, boolean worthThreads) {
        if (worthThreads) {
            run(tasks, task);
        } else {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
        }
    }

    /**
     * Runs {@code task(0) … task(tasks − 1)} on up to {@link #get()} threads (the caller's included) and returns when
     * all are done. Tasks must write disjoint outputs, so the result does not depend on which thread runs which
     * task. A call from inside a task (the sampler's per-trajectory tasks reaching the kernel's per-chunk ones), or
     * while another thread's call is running, runs inline, so the machine is never oversubscribed.
     * <p>
     * The helpers are daemon threads started on first use, which spin for {@link #SPIN_NANOS} after each job before
     * they park; tasks are claimed from a counter, so a helper that is late simply finds fewer tasks left.
     *
     * @param tasks number of tasks
     * @param task  the work of one task
     */
    public static void run(int tasks, IntConsumer task) {
        int workers = Math.min(threads, tasks);
        if (workers <= 1 || IN_TASK.get() || !DISPATCH.tryLock()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        Job job = new Job(tasks, task, workers - 1, ++generations);
        try {
            ensureHelpers(workers - 1);
            current = job;
            for (int h = 0; h < workers - 1; h++) {
                LockSupport.unpark(HELPERS.get(h));
            }
            IN_TASK.set(Boolean.TRUE);
            try {
                job.work();
            } finally {
                IN_TASK.set(Boolean.FALSE);
            }
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (job.remaining.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(100_000L);
                }
                if (Thread.interrupted()) {
                    // finish waiting (the helpers are writing into the caller's arrays), then report it
                    while (job.remaining.get() > 0) {
                        LockSupport.parkNanos(100_000L);
                    }
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for kernel threads");
                }
            }
        } finally {
            current = null;
            DISPATCH.unlock();
        }
        Throwable t = job.failure.get();
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
