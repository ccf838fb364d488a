package dev.corvid.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn in place at most ten times a second, safe to update from
 * worker threads:
 * <pre>
 * quantizing [##########..........]  50.0%  4.2 s
 * </pre>
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDraw = Long.MIN_VALUE;
    private boolean finished;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    synchronized void update(long done, long total) {
        long now = System.nanoTime();
        if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * WIDTH);
        err.printf(Locale.ROOT, "\r%s [%s%s] %5.1f%%  %.1f s", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * fraction, seconds());
        err.flush();
    }

    /**
     * Ends the bar's line, leaving it at its last state, so that what is printed next (a summary, or
     * an error when the work failed) starts on a line of its own. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!finished && lastDraw != Long.MIN_VALUE) {
            err.println();
            err.flush();
        }
        finished = true;
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
