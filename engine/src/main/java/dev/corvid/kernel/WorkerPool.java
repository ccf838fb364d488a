package dev.corvid.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one {@link Task} at a time over an index range: the caller and
 * {@code workers - 1} daemon threads claim chunks of the range from a shared counter until none is
 * left. Starting a task costs one volatile write and (for parked workers) an unpark; no object is
 * created per task, so a decode step of ~100 products allocates nothing.
 *
 * <p>Chunks are claimed, not assigned: on a machine busier than its cores, a worker the scheduler
 * has not run yet simply claims nothing, and the caller does its share instead of waiting a time
 * slice for it. Each index is still computed by exactly one thread in a fixed order, so results do
 * not depend on the split. Idle workers spin briefly before parking: the products of one token
 * follow each other within microseconds, and a parked thread takes tens of microseconds to wake.
 *
 * <p>{@link #run} is synchronized: threads sharing a pool take turns.
 */
public final class WorkerPool implements AutoCloseable {
    /** Spin iterations before an idle thread parks, some tens of microseconds. */
    private static final int SPINS_BEFORE_PARK = 20_000;
    /** Chunks per worker: enough for claiming to even out uneven threads, few enough to claim cheaply. */
    private static final int CHUNKS_PER_WORKER = 8;

    /** Work on the indices {@code [from, to)} of a task's range. */
    @FunctionalInterface
    public interface Task {
        void run(int from, int to);
    }

    private static final WorkerPool SHARED = new WorkerPool(
            Integer.getInteger("corvid.threads", Runtime.getRuntime().availableProcessors()));

    private final Thread[] threads;
    /**
     * One word for the task's generation, chunk count and next unclaimed chunk (see {@link #claimWord}),
     * so that a claim is checked against all three at once: a worker that wakes late can never claim
     * a chunk of a later task under an earlier task's numbers.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile int generation;
    private volatile Task task;
    private volatile int size;
    private volatile int chunkSize;
    private volatile int chunks;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** A pool of {@code workers} workers: the calling thread and {@code workers - 1} started here. */
    public WorkerPool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a pool needs at least one worker: " + workers);
        }
        threads = new Thread[workers - 1];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofPlatform().daemon().name("corvid-worker-" + (i + 1)).start(this::loop);
        }
    }

    /** The pool sized by the system property {@code corvid.threads}, else one worker per available core. */
    public static WorkerPool shared() {
        return SHARED;
    }

    public int workers() {
        return threads.length + 1;
    }

    /**
     * Runs {@code task} over {@code [0, size)} in chunks whose boundaries are multiples of {@code grain}
     * (a range smaller than two grains runs on the caller alone) and returns when all are done;
     * rethrows the first failure.
     */
    public synchronized void run(Task task, int size, int grain) {
        int grains = (size + grain - 1) / grain;
        int n = Math.min(grains, workers() * CHUNKS_PER_WORKER);
        if (n <= 1 || threads.length == 0) {
            task.run(0, size);
            return;
        }
        this.task = task;
        this.size = size;
        this.chunkSize = (grains + n - 1) / n * grain;
        this.chunks = (size + chunkSize - 1) / chunkSize;
        completed.set(0);
        int gen = (generation + 1) & GENERATION_MASK;
        claims.set(claimWord(gen, chunks, 0));
        generation = gen;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        work(gen);
        int spins = 0;
        while (completed.get() < chunks) {
            if (++spins < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable thrown = failure;
        failure = null;
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
    }

    /** Claims and runs chunks of generation {@code gen} until none is left (or a newer task started). */
    private void work(int gen) {
        while (true) {
            long claim = claims.get();
            int chunk = (int) (claim & COUNT_MASK);
            if ((int) (claim >>> GENERATION_SHIFT) != gen || chunk >= (int) ((claim >>> COUNT_BITS) & COUNT_MASK)) {
                return;
            }
            if (!claims.compareAndSet(claim, claim + 1)) {
                continue;
            }
            // Read only now: the task cannot change while one of its chunks is claimed and not completed.
            Task current = task;
            int step = chunkSize;
            try {
                current.run(chunk * step, Math.min(size, (chunk + 1) * step));
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                completed.incrementAndGet();
            }
        }
    }

    private static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final int GENERATION_SHIFT = 2 * COUNT_BITS;
    private static final int GENERATION_MASK = (1 << (64 - GENERATION_SHIFT - 1)) - 1;

    /** Generation (high bits), chunk count (middle 20 bits), next chunk (low 20 bits). */
    private static long claimWord(int gen, int chunks, int next) {
        return ((long) gen << GENERATION_SHIFT) | ((long) chunks << COUNT_BITS) | next;
    }

    private void loop() {
        int seen = 0;
        while (!closed) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            work(seen);
        }
    }

    /** Ends the pool's threads; a closed pool must not be {@link #run} again. Never close {@link #shared()}. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }
}
