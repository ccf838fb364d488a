package dev.corvid.quantize;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs independent pieces of tensor work (each writing only its own bytes) on a fixed number of threads,
 * reporting progress in values; the first failure stops the rest and is reported with its piece's place.
 */
public final class ParallelWork {
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

    private ParallelWork() {
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

    public static void run(List<? extends Piece> pieces, int threads, Progress progress) throws IOException {
        long total = pieces.stream().mapToLong(Piece::values).sum();
        AtomicLong done = new AtomicLong();
        progress.update(0, total);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Piece p : pieces) {
                futures.add(pool.submit(() -> {
                    p.run();
                    progress.update(done.addAndGet(p.values()), total);
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    throw new IOException(pieces.get(i).where() + ": " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    pool.shutdownNow();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted at " + pieces.get(i).where(), e);
                }
            }
        }
    }
}
