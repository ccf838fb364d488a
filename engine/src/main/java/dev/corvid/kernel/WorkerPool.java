package dev.corvid.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one {@link Task} at a time, each on its own fixed share of the
 * work: the caller is worker 0, {@code workers - 1} daemon threads are the others. Starting a task
 * costs one volatile write and (for parked workers) an unpark; no object is created per task, so
 * a decode step of ~100 products allocates nothing.
 *
 * <p>Idle workers spin briefly before parking: the products of one token follow each other within
 * microseconds, and a parked thread takes tens of microseconds to wake, while spinning too long
 * would steal the cores other processes on a shared machine need.
 *
 * <p>{@link #run} is synchronized: threads sharing a pool take turns.
 */
public final class WorkerPool {
    /** Spin iterations before an idle thread parks, about 50 microseconds. */
    private static final int SPINS_BEFORE_PARK = 20_000;

    /** Work split over {@code workers} threads; {@code worker} says which share this call computes. */
    @FunctionalInterface
    public interface Task {
        void run(int worker, int workers);
    }

    private static final WorkerPool SHARED = new WorkerPool(
            Integer.getInteger("corvid.threads", Runtime.getRuntime().availableProcessors()));

    private final Thread[] threads;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile Task task;
    private volatile Throwable failure;

    /** A pool of {@code workers} workers: the calling thread and {@code workers - 1} started here. */
    public WorkerPool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker: " + workers);
        }
        threads = new Thread[workers - 1];
        for (int i = 0; i < threads.length; i++) {
            int worker = i + 1;
            threads[i] = Thread.ofPlatform().daemon().name("corvid-worker-" + worker).start(() -> loop(worker));
        }
    }

    /** The pool sized by the system property {@code corvid.threads}, else one worker per available core. */
    public static WorkerPool shared() {
        return SHARED;
    }

    public int workers() {
        return threads.length + 1;
    }

    /** Runs {@code task} on every worker and returns when all have finished; rethrows the first failure. */
    public synchronized void run(Task task) {
        int workers = workers();
        if (workers == 1) {
            task.run(0, 1);
            return;
        }
        this.task = task;
        pending.set(workers - 1);
        generation++;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        Throwable own = null;
        try {
            task.run(0, workers);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        awaitWorkers();
        this.task = null;
        Throwable theirs = failure;
        failure = null;
        rethrow(own != null ? own : theirs);
    }

    private void awaitWorkers() {
        int spins = 0;
        while (pending.get() > 0) {
            if (++spins < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void loop(int worker) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen) {
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            try {
                task.run(worker, workers());
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
