package dev.corvid.kernel;

/**
 * A worker's share {@code [from, to)} of an index range: contiguous, fixed for a given worker
 * count, with boundaries on multiples of {@link #ALIGNMENT} so that batched products keep whole
 * 4-row tiles.
 */
record RowRange(int from, int to) {
    static final int ALIGNMENT = 16;

    static RowRange share(int n, int worker, int workers) {
        return new RowRange(boundary(n, worker, workers), boundary(n, worker + 1, workers));
    }

    /** Where worker {@code worker}'s share of {@code [0, n)} starts (the end for {@code worker == workers}). */
    static int boundary(int n, int worker, int workers) {
        if (worker >= workers) {
            return n;
        }
        int units = (n + ALIGNMENT - 1) / ALIGNMENT;
        return Math.min(n, (int) ((long) units * worker / workers) * ALIGNMENT);
    }
}
