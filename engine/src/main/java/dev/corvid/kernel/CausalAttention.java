package dev.corvid.kernel;

/**
 * Causal grouped-query attention over a key/value cache, as ggml computes it without flash
 * attention: {@code softmax(scale * K q)} over positions up to the query's own, then the weighted
 * sum of the values. Query head {@code h} reads key/value head {@code h / (nHeads / nKvHeads)}.
 *
 * <pre>{@code
 * var attention = new CausalAttention(4, 2, 64, 1f / (float) Math.sqrt(64f), true);
 * CausalAttention.Pass pass = attention.newPass(WorkerPool.shared());   // one per evaluation thread
 * pass.apply(q, keys, values, startPosition, nTokens, out);
 * }</pre>
 *
 * With {@code vectorized}, the dot products and the weighted sum of values run on the Vector API
 * (another summation order); without, they are float sums in index order, the precise mode's
 * reference arithmetic.
 */
public final class CausalAttention {
    private static final Scratch WEIGHTS = new Scratch();
    /** Multiply-adds below which the calling thread works alone (see {@link Projections}). */
    private static final long MIN_PARALLEL_WORK = 1L << 17;

    private final int nHeads;
    private final int nKvHeads;
    private final int headDim;
    private final float scale;
    private final boolean vectorized;

    public CausalAttention(int nHeads, int nKvHeads, int headDim, float scale, boolean vectorized) {
        if (nKvHeads <= 0 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(nHeads + " query heads cannot share " + nKvHeads + " key/value heads");
        }
        this.nHeads = nHeads;
        this.nKvHeads = nKvHeads;
        this.headDim = headDim;
        this.scale = scale;
        this.vectorized = vectorized && VectorSupport.ENABLED;
    }

    /** A reusable attention pass on {@code pool}, for one evaluation thread. */
    public Pass newPass(WorkerPool pool) {
        return new Pass(pool);
    }

    /** One evaluation thread's attention; its fields carry a call's arguments to the workers. */
    public final class Pass implements WorkerPool.Task {
        private final WorkerPool pool;
        private float[] q;
        private float[] keys;
        private float[] values;
        private float[] out;
        private int start;
        private int nTokens;

        private Pass(WorkerPool pool) {
            this.pool = pool;
        }

        /**
         * @param q      {@code nTokens} query rows of {@code nHeads * headDim}; token {@code t} sits at
         *               position {@code start + t}
         * @param keys   cached keys, one row of {@code nKvHeads * headDim} per position, filled at least
         *               up to position {@code start + nTokens - 1}
         * @param values cached values, laid out as {@code keys}
         * @param out    receives {@code nTokens} rows of {@code nHeads * headDim}
         */
        public void apply(float[] q, float[] keys, float[] values, int start, int nTokens, float[] out) {
            this.q = q;
            this.keys = keys;
            this.values = values;
            this.out = out;
            this.start = start;
            this.nTokens = nTokens;
            try {
                long work = (long) nTokens * nHeads * headDim * 2 * (start + nTokens);
                if (work < MIN_PARALLEL_WORK) {
                    run(0, nTokens * nHeads);
                } else {
                    pool.run(this, nTokens * nHeads, 1);
                }
            } finally {
                this.q = null;
                this.keys = null;
                this.values = null;
                this.out = null;
            }
        }

        /** The (token, head) pairs {@code [from, to)}, token-major. */
        @Override
        public void run(int from, int to) {
            float[] weights = WEIGHTS.atLeast(start + nTokens);
            for (int unit = from; unit < to; unit++) {
                attend(unit / nHeads, unit % nHeads, weights);
            }
        }

        private void attend(int t, int h, float[] weights) {
            int qRow = nHeads * headDim;
            int kvRow = nKvHeads * headDim;
            int qOffset = t * qRow + h * headDim;
            int kvOffset = (h / (nHeads / nKvHeads)) * headDim;
            int visible = start + t + 1;
            for (int p = 0; p < visible; p++) {
                float dot = vectorized
                        ? Vectors.dot(keys, p * kvRow + kvOffset, q, qOffset, headDim)
                        : Dot.dot(keys, p * kvRow + kvOffset, q, qOffset, headDim);
                weights[p] = dot * scale;
            }
            if (vectorized) {
                VectorActivations.softmaxInPlace(weights, 0, visible);
                VectorAttention.weightedSum(weights, visible, values, kvOffset, kvRow, headDim, out, qOffset);
                return;
            }
            Softmax.applyInPlace(weights, 0, visible);
            for (int d = 0; d < headDim; d++) {
                float sum = 0f;
                for (int p = 0; p < visible; p++) {
                    sum += weights[p] * values[p * kvRow + kvOffset + d];
                }
                out[qOffset + d] = sum;
            }
        }
    }
}
