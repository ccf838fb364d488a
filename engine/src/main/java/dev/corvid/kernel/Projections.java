package dev.corvid.kernel;

/**
 * Several projections of one input computed in one pass of the worker pool: q, k and v of an
 * attention block, gate and up of a feed-forward block. Their rows are treated as one range and
 * split evenly, so the workers start and finish together once instead of once per matrix.
 *
 * <p>One instance is reused for every call of one evaluation thread (its fields carry the call's
 * arguments to the workers), so a call allocates nothing.
 */
public final class Projections implements WorkerPool.Task {
    /**
     * Multiply-adds below which the calling thread works alone: waking a worker and waiting for it
     * costs microseconds (far more on a busy machine), as much as ~100k multiply-adds.
     */
    private static final long MIN_PARALLEL_WORK = 1L << 17;

    /** Chunks of whole 4-row tiles (batched products decode rows four at a time). */
    private static final int ROW_GRAIN = 16;

    private final WorkerPool pool;
    private Linear[] linears;
    private float[][] outs;
    private float[] in;
    private int nTokens;

    public Projections(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * {@code outs[i] = linears[i].weight() in} for each of the {@code nTokens} rows of {@code in}; every
     * linear takes the same input size. Biases are the caller's to add (see {@link Linear#addBias}).
     */
    public void multiply(Linear[] linears, float[] in, int nTokens, float[][] outs) {
        int rows = 0;
        for (Linear linear : linears) {
            rows += linear.outputSize();
        }
        this.linears = linears;
        this.outs = outs;
        this.in = in;
        this.nTokens = nTokens;
        try {
            if ((long) rows * linears[0].inputSize() * nTokens < MIN_PARALLEL_WORK) {
                run(0, rows);
            } else {
                pool.run(this, rows, ROW_GRAIN);
            }
        } finally {
            this.linears = null;
            this.outs = null;
            this.in = null;
        }
    }

    /** Rows {@code [from, to)} of the concatenation of all outputs, cut at the matrix boundaries. */
    @Override
    public void run(int from, int to) {
        int first = 0;
        for (int i = 0; i < linears.length && first < to; i++) {
            WeightMatrix weight = linears[i].weight();
            int last = first + weight.rows();
            int start = Math.max(from, first);
            int end = Math.min(to, last);
            if (start < end) {
                weight.multiplyRows(in, nTokens, outs[i], start - first, end - first);
            }
            first = last;
        }
    }
}
