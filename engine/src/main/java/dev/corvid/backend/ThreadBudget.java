package dev.corvid.backend;

import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * Runs engine work on a fork/join pool of a chosen size. The kernels split their work with parallel
 * streams, and a parallel stream started inside a pool's task runs in that pool rather than the common
 * one: this is how a backend gets a thread count without a setting in the kernels.
 */
final class ThreadBudget implements AutoCloseable {
    private final ForkJoinPool pool;

    ThreadBudget(int threads) {
        this.pool = new ForkJoinPool(threads);
    }

    /** The result of {@code work}, computed with at most this budget's threads; its exceptions pass through. */
    <T> T run(Supplier<T> work) {
        return pool.submit(work::get).join();
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
