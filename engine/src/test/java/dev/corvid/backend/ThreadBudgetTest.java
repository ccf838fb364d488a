package dev.corvid.backend;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel streams (how the kernels split work) run on the budget's threads only. */
class ThreadBudgetTest {

    @Test
    void oneThreadRunsAParallelStreamAlone() {
        try (ThreadBudget budget = new ThreadBudget(1)) {
            assertEquals(1, budget.run(ThreadBudgetTest::threadsOfAParallelStream).size());
        }
    }

    @Test
    void twoThreadsAreWorkersOfTheBudgetsPool() {
        try (ThreadBudget budget = new ThreadBudget(2)) {
            Set<Thread> threads = budget.run(ThreadBudgetTest::threadsOfAParallelStream);
            assertTrue(threads.size() <= 2, threads.toString());
            Set<Object> pools = threads.stream().map(t -> ((ForkJoinWorkerThread) t).getPool()).collect(Collectors.toSet());
            assertEquals(1, pools.size());
            assertTrue(pools.iterator().next() != ForkJoinPool.commonPool());
        }
    }

    @Test
    void exceptionsKeepTheirType() {
        try (ThreadBudget budget = new ThreadBudget(1)) {
            assertThrows(IllegalArgumentException.class, () -> budget.run(() -> {
                throw new IllegalArgumentException("bad");
            }));
        }
    }

    private static Set<Thread> threadsOfAParallelStream() {
        return IntStream.range(0, 10_000).parallel().mapToObj(i -> {
            Math.sqrt(i); // a little work per element, so that idle workers steal
            return Thread.currentThread();
        }).collect(Collectors.toSet());
    }
}
