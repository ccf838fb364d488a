package dev.corvid.quantize;

import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.TensorSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Makes a model's tensors on a fixed number of threads, one tensor at a time: each tensor's bytes are
 * cut into independent pieces (each writing only its own bytes) that run in parallel when the
 * {@link GgufWriter} asks for that tensor, so only one tensor is in memory at once. Progress is reported
 * in values over the whole model; the first failure stops the rest and is reported with its piece's place.
 *
 * <pre>{@code
 * try (ParallelWork work = new ParallelWork(threads, totalValues, progress)) {
 *     writer.addTensor(name, type, shape, work.tensor(type.byteSize(values), data -> pieces(data)));
 *     writer.write(out);
 * }
 * }</pre>
 */
public final class ParallelWork implements AutoCloseable {
    /** Where each tensor's bytes start: a cache line, as before they were made tensor by tensor. */
    private static final long ALIGNMENT = 64;

    /** One piece: a run of rows of one tensor, say. */
    public interface Piece {
        /** How many values the piece processes, for progress. */
        long values();

        void run();

        /** Where the piece works, for error messages: e.g. {@code model.gguf: tensor blk.0.attn_q.weight}. */
        String where();
    }

    /** Makes the piece for rows {@code [firstRow, firstRow + rows)} of a tensor. */
    @FunctionalInterface
    public interface RowRun<P extends Piece> {
        P rows(long firstRow, int rows);
    }

    private final ExecutorService pool;
    private final long totalValues;
    private final Progress progress;
    private final AtomicLong doneValues = new AtomicLong();

    /**
     * @param totalValues the values of all the pieces to come, for progress; reported at once as 0 of them
     */
    public ParallelWork(int threads, long totalValues, Progress progress) {
        this.pool = Executors.newFixedThreadPool(threads);
        this.totalValues = totalValues;
        this.progress = progress;
        progress.update(0, totalValues);
    }

    /**
     * A tensor of {@code values} values in rows of {@code rowLength}, cut into runs of whole rows of
     * about {@code valuesPerPiece} values (at least one row each); none for an empty tensor.
     */
    public static <P extends Piece> List<P> splitRows(long values, long rowLength, long valuesPerPiece, RowRun<P> piece) {
        List<P> pieces = new ArrayList<>();
        if (values == 0) {
            return pieces;
        }
        long rows = values / rowLength;
        int rowsPerPiece = (int) Math.max(1, Math.min(rows, valuesPerPiece / rowLength));
        for (long first = 0; first < rows; first += rowsPerPiece) {
            pieces.add(piece.rows(first, (int) Math.min(rowsPerPiece, rows - first)));
        }
        return pieces;
    }

    /**
     * The source of one tensor of {@code byteSize} bytes: when the writer asks for it, the bytes are allocated
     * in the tensor's arena and filled by the pieces {@code split} cuts them into, run on this work's threads.
     */
    public TensorSource tensor(long byteSize, Function<MemorySegment, List<? extends Piece>> split) {
        return arena -> {
            MemorySegment data = arena.allocate(byteSize, ALIGNMENT);
            run(split.apply(data));
            return data;
        };
    }

    /**
     * Runs the pieces and waits for all of them. On a failure the threads stop, and this returns only once no
     * piece runs any more: the writer is about to release the memory they write to.
     */
    private void run(List<? extends Piece> pieces) throws IOException {
        List<Future<?>> futures = new ArrayList<>();
        for (Piece p : pieces) {
            futures.add(pool.submit(() -> {
                p.run();
                progress.update(doneValues.addAndGet(p.values()), totalValues);
            }));
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
            } catch (ExecutionException e) {
                stopNow();
                throw new IOException(pieces.get(i).where() + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                stopNow();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at " + pieces.get(i).where(), e);
            }
        }
    }

    /** Drops the pieces not started and waits for the running ones to end. */
    private void stopNow() {
        pool.shutdownNow();
        pool.close();
    }

    /** Stops the threads, once the pieces already given have run. */
    @Override
    public void close() {
        pool.close();
    }
}
