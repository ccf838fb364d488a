package dev.corvid.kernel;

import java.util.stream.IntStream;

/**
 * Splits an index range into contiguous chunks and runs them on the common fork/join pool.
 *
 * <p>Kernels give every output element to exactly one chunk and compute it in a fixed order, so
 * results do not depend on how many threads run or how the chunks are scheduled.
 */
public final class Parallel {
    /** Chunks per core: a few more than cores evens out uneven chunk costs. */
    private static final int CHUNKS_PER_CORE = 4;

    /** Work on {@code [from, to)} of the split range. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private Parallel() {
    }

    /**
     * Runs {@code task} over {@code [0, n)} in chunks of at least {@code minChunk} indices; a range too
     * small to split runs on the calling thread.
     */
    public static void forRange(int n, int minChunk, RangeTask task) {
        int cores = Runtime.getRuntime().availableProcessors();
        int chunks = Math.min(cores * CHUNKS_PER_CORE, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1) {
            task.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> task.run(
                (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }
}
