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
 *
 * <p>The attention owns the layout of the cached keys ({@link #storeKeys}, {@link #keyFloats}). Without
 * {@code vectorized} it is one row of {@code nKvHeads * headDim} per position. With it, positions go in
 * blocks of one vector's lanes, and within a block each key dimension holds its lanes' positions side by
 * side: a block's scores are then {@code headDim} vector multiply-adds, where a dot product per position
 * ended in a sum across lanes (a third of a long prompt's attention time went to those sums).
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
    /** Positions per block of the key layout: a vector's lanes, or 1 (rows). */
    private final int keyBlock;

    public CausalAttention(int nHeads, int nKvHeads, int headDim, float scale, boolean vectorized) {
        if (nKvHeads <= 0 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(nHeads + " query heads cannot share " + nKvHeads + " key/value heads");
        }
        this.nHeads = nHeads;
        this.nKvHeads = nKvHeads;
        this.headDim = headDim;
        this.scale = scale;
        this.vectorized = vectorized && VectorSupport.ENABLED;
        this.keyBlock = this.vectorized ? VectorAttention.KEY_BLOCK : 1;
    }

    /**
     * Floats of cached keys that {@code positions} positions take in this attention's layout (a long: callers
     * check it against an array's limit).
     */
    public long keyFloats(int positions) {
        return wholeBlocks(positions) * nKvHeads * headDim;
    }

    /** {@code positions} rounded up to whole key blocks. */
    private long wholeBlocks(int positions) {
        return ((long) positions + keyBlock - 1) / keyBlock * keyBlock;
    }

    /**
     * Writes the {@code nTokens} key rows of {@code k} ({@code nKvHeads * headDim} floats each) for positions
     * {@code start ..} into {@code cache}, at least {@link #keyFloats}{@code (start + nTokens)} long.
     */
    public void storeKeys(float[] cache, int start, float[] k, int nTokens) {
        int row = nKvHeads * headDim;
        if (keyBlock == 1) {
            System.arraycopy(k, 0, cache, start * row, nTokens * row);
            return;
        }
        for (int t = 0; t < nTokens; t++) {
            int p = start + t;
            int at = (p / keyBlock) * row * keyBlock + p % keyBlock;
            for (int i = 0; i < row; i++) {
                cache[at + i * keyBlock] = k[t * row + i];
            }
        }
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
         * @param keys   cached keys in this attention's layout ({@link #storeKeys}), filled at least up to
         *               position {@code start + nTokens - 1}
         * @param values cached values, one row of {@code nKvHeads * headDim} per position
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
            // whole key blocks: scores are computed for every position of the last block
            float[] weights = WEIGHTS.atLeast(Math.toIntExact(wholeBlocks(start + nTokens)));
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
            if (vectorized) {
                VectorAttention.scores(keys, kvRow, kvOffset, q, qOffset, headDim, visible, scale, weights);
                VectorActivations.softmaxInPlace(weights, 0, visible);
                VectorAttention.weightedSum(weights, visible, values, kvOffset, kvRow, headDim, out, qOffset);
                return;
            }
            for (int p = 0; p < visible; p++) {
                weights[p] = Dot.dot(keys, p * kvRow + kvOffset, q, qOffset, headDim) * scale;
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
