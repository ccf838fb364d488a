package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Gets the JIT to compile the matrix kernels of a model's weight types while its weights load, so that the
 * first token runs compiled code.
 *
 * <p>Why: until C2 compiles them, Vector API kernels run interpreted or in C1, where every vector operation
 * allocates an object. The first token of a 0.5B model then took about a second (instead of 25 ms) and
 * hundreds of megabytes of garbage, and the cost grows with the model. Here a daemon thread multiplies tiny
 * random matrices of the same encodings (one token and a batch, the two kernel paths) until they are hot; the
 * weights' own code paths then find compiled methods.
 *
 * <pre>{@code
 * KernelWarmup warmup = KernelWarmup.start(Set.of(GgmlType.Q4_K, GgmlType.Q6_K));
 * ... load the weights ...
 * warmup.await();
 * }</pre>
 */
public final class KernelWarmup {
    /**
     * Matrix weights from which warming up pays: a model this size (a 50M-parameter one) spends about 0.1 s on
     * its first token without it, about what the warm-up costs on two cores; smaller ones are left alone.
     */
    public static final long WORTHWHILE_WEIGHTS = 50_000_000L;

    /** Rows of the practice matrices: one tile of the batch path. */
    private static final int ROWS = 4;
    /**
     * Columns: three K-quant super-blocks. Loops over blocks must turn more than once, or C2 compiles them for a
     * single turn and the first real row throws the compiled code away.
     */
    private static final int COLS = 3 * 256;
    private static final int BATCH = 8;
    /**
     * Calls per encoding (each a few dot products or a batch): enough for C2 to have compiled the kernels when
     * the first token comes (measured on the 0.5B model: 600 sometimes was not, 1,500 and 6,000 were alike).
     */
    private static final int CALLS = 1500;
    /** A bound for a JVM that never compiles (-Xint): warming up must not delay loading much. */
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final List<GgmlType> types;
    private final Thread thread;
    private volatile Throwable failure;

    private KernelWarmup(List<GgmlType> types) {
        this.types = types;
        this.thread = Thread.ofPlatform().daemon().name("corvid-kernel-warmup").unstarted(this::runCatching);
    }

    /** Starts warming up the fast-mode kernels of matrices stored as {@code types}. */
    public static KernelWarmup start(Set<GgmlType> types) {
        KernelWarmup warmup = new KernelWarmup(types.stream().filter(t -> COLS % t.blockSize() == 0).sorted().toList());
        warmup.thread.start();
        return warmup;
    }

    /**
     * Waits until the warm-up is over (it bounds its own duration).
     *
     * @throws IllegalStateException when a kernel failed on its practice matrix (it would fail on the weights too)
     */
    public void await() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("kernel warm-up failed (types " + types + ")", failure);
        }
    }

    private void runCatching() {
        try {
            run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    private void run() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        // A shared arena, as the model's: kernels compiled for one kind of memory session deoptimize on another.
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix[] matrices = new WeightMatrix[types.size()];
            for (int i = 0; i < matrices.length; i++) {
                MemorySegment data = arena.allocate(types.get(i).byteSize((long) ROWS * COLS), 64);
                RandomBlocks.fill(types.get(i), data, i);
                matrices[i] = Repacker.fastMatrix(types.get(i), data, ROWS, COLS, arena);
            }
            float[] in = new float[BATCH * COLS];
            for (int i = 0; i < in.length; i++) {
                in[i] = (i % 13 - 6) * 0.1f;
            }
            float[] out = new float[BATCH * ROWS];
            for (int call = 0; call < CALLS && System.nanoTime() < deadline; call++) {
                for (WeightMatrix m : matrices) {
                    m.multiplyRows(in, 1, out, 0, ROWS);
                    if (call % 8 == 0) {
                        m.multiplyRows(in, BATCH, out, 0, ROWS);
                    }
                }
            }
        }
    }
}
