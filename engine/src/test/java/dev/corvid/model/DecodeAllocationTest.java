package dev.corvid.model;

import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding allocates nothing per token but the logits it returns: measured with the JVM's per-thread
 * allocation counters, over the calling thread and every worker of the pool. Until C2 has compiled
 * the kernels their vectors live on the heap, so windows are measured until one is clean (at most
 * {@link #WINDOWS}); the first clean window proves the steady state allocates nothing.
 */
class DecodeAllocationTest {
    private static final int TOKENS_PER_WINDOW = 50;
    private static final int WINDOWS = 80;
    private static final long BOUND_PER_TOKEN = 1024;

    @Test
    void decodingAllocatesOnlyTheReturnedLogits() throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Model model = Model.load(SharedAssets.models().resolve("synth-qwen2-384x1.Q4_K_M.gguf"), Precision.FAST)) {
            InferenceState state = model.newState(TOKENS_PER_WINDOW * 4);
            state.evaluate(new int[] {1, 2, 3, 4}, false);
            long[] ids = evaluationThreads();
            long logitsBytes = 16 + 4L * model.config().vocabularySize();
            int[][] tokens = new int[TOKENS_PER_WINDOW][];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = new int[] {(i * 37) % model.config().vocabularySize()};
            }
            long best = Long.MAX_VALUE;
            for (int window = 0; window < WINDOWS && best >= BOUND_PER_TOKEN; window++) {
                if (state.position() + TOKENS_PER_WINDOW > state.contextLength()) {
                    state.reset();
                }
                long before = LongStream.of(threads.getThreadAllocatedBytes(ids)).sum();
                for (int[] token : tokens) {
                    state.evaluate(token, false);
                }
                long after = LongStream.of(threads.getThreadAllocatedBytes(ids)).sum();
                best = Math.min(best, (after - before) / TOKENS_PER_WINDOW - logitsBytes);
            }
            System.out.println("DECODE ALLOCATION " + best + " bytes per token beyond the logits");
            assertTrue(best < BOUND_PER_TOKEN, best + " bytes allocated per decoded token beyond the logits");
        }
    }

    /** This thread and the pool's workers. */
    private static long[] evaluationThreads() {
        long[] workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("corvid-worker-"))
                .mapToLong(Thread::threadId).toArray();
        long[] ids = Arrays.copyOf(workers, workers.length + 1);
        ids[workers.length] = Thread.currentThread().threadId();
        return ids;
    }
}
