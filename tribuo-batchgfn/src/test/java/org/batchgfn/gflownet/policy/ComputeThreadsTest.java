package org.batchgfn.gflownet.policy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The dispatch of {@link ComputeThreads#run}: every task runs exactly once whatever the thread count, a task's
 * exception reaches the caller and leaves the helpers usable, nested calls and concurrent callers complete.
 */
class ComputeThreadsTest {

    private final int saved = ComputeThreads.get();

    @AfterEach
    void restore() {
        ComputeThreads.set(saved);
    }

    /** The sized overload: small work runs every task on the calling thread, in order; large work every task once. */
    @Test
    void smallWorkRunsInlineInOrder() {
        ComputeThreads.set(2);
        Thread caller = Thread.currentThread();
        java.util.List<Integer> order = new java.util.ArrayList<>();
        ComputeThreads.run(6, i -> {
            assertSame(caller, Thread.currentThread(), "task " + i);
            order.add(i);
        }, false);
        assertEquals(java.util.List.of(0, 1, 2, 3, 4, 5), order);
        AtomicIntegerArray runs = new AtomicIntegerArray(6);
        ComputeThreads.run(6, runs::incrementAndGet, true);
        for (int i = 0; i < 6; i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }

    @Test
    void everyTaskRunsOnceWhateverTheThreadCount() {
        for (int threads = 1; threads <= 3; threads++) {
            ComputeThreads.set(threads);
            for (int call = 0; call < 200; call++) {
                int tasks = 1 + call % 9;
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                ComputeThreads.run(tasks, runs::incrementAndGet);
                for (int i = 0; i < tasks; i++) {
                    assertEquals(1, runs.get(i), "task " + i + " of " + tasks + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void aTasksExceptionReachesTheCallerAndTheNextCallWorks() {
        ComputeThreads.set(2);
        IllegalStateException boom = new IllegalStateException("task 3 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ComputeThreads.run(8, i -> {
            if (i == 3) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        ComputeThreads.run(8, runs::incrementAndGet);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void nestedCallsAndConcurrentCallersComplete() throws Exception {
        ComputeThreads.set(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(4 * 5);
        ComputeThreads.run(4, i -> ComputeThreads.run(5, j -> inner.incrementAndGet(i * 5 + j)));
        for (int k = 0; k < 20; k++) {
            assertEquals(1, inner.get(k), "nested task " + k);
        }
        AtomicIntegerArray a = new AtomicIntegerArray(1000);
        AtomicIntegerArray b = new AtomicIntegerArray(1000);
        Thread other = new Thread(() -> {
            for (int call = 0; call < 100; call++) {
                int base = call * 10;
                ComputeThreads.run(10, i -> b.incrementAndGet(base + i));
            }
        });
        other.start();
        for (int call = 0; call < 100; call++) {
            int base = call * 10;
            ComputeThreads.run(10, i -> a.incrementAndGet(base + i));
        }
        other.join();
        for (int k = 0; k < 1000; k++) {
            assertEquals(1, a.get(k), "caller A's task " + k);
            assertEquals(1, b.get(k), "caller B's task " + k);
        }
    }
}
