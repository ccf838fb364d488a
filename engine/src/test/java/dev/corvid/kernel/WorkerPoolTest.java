package dev.corvid.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkerPoolTest {

    /**
     * Tasks of changing sizes back to back, as a forward pass issues them: every index of every task
     * runs exactly once and before {@code run} returns, however late a worker wakes.
     */
    @Test
    void everyIndexRunsOnceBeforeRunReturns() {
        try (WorkerPool pool = new WorkerPool(3)) {
            SplittableRandom random = new SplittableRandom(11);
            AtomicIntegerArray hits = new AtomicIntegerArray(600);
            for (int round = 0; round < 20_000; round++) {
                int size = 1 + random.nextInt(600);
                int grain = 1 + random.nextInt(8);
                for (int i = 0; i < size; i++) {
                    hits.set(i, 0);
                }
                pool.run((from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                }, size, grain);
                for (int i = 0; i < size; i++) {
                    assertEquals(1, hits.get(i), "round " + round + ", index " + i + " of " + size);
                }
            }
        }
    }

    @Test
    void aFailingTaskIsRethrownAndThePoolGoesOn() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThrows(IllegalStateException.class, () -> pool.run((from, to) -> {
                throw new IllegalStateException("boom");
            }, 1000, 1));
            int[] sum = new int[1];
            pool.run((from, to) -> {
                synchronized (sum) {
                    sum[0] += to - from;
                }
            }, 1000, 1);
            assertEquals(1000, sum[0]);
        }
    }
}
