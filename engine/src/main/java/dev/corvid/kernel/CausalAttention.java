package dev.corvid.kernel;

/**
 * Causal grouped-query attention over a key/value cache, as ggml computes it without flash
 * attention: {@code softmax(scale * K q)} over positions up to the query's own, then the weighted
 * sum of the values. Query head {@code h} reads key/value head {@code h / (nHeads / nKvHeads)}.
 *
 * <pre>{@code
 * var attention = new CausalAttention(4, 2, 64, 1f / (float) Math.sqrt(64f));
 * attention.apply(q, keys, values, startPosition, nTokens, out);
 * }</pre>
 */
public final class CausalAttention {
    /** (token, head) pairs per parallel chunk. */
    private static final int MIN_HEADS_PER_CHUNK = 4;

    private final int nHeads;
    private final int nKvHeads;
    private final int headDim;
    private final float scale;

    public CausalAttention(int nHeads, int nKvHeads, int headDim, float scale) {
        if (nKvHeads <= 0 || nHeads % nKvHeads != 0) {
            throw new IllegalArgumentException(nHeads + " query heads cannot share " + nKvHeads + " key/value heads");
        }
        this.nHeads = nHeads;
        this.nKvHeads = nKvHeads;
        this.headDim = headDim;
        this.scale = scale;
    }

    /**
     * @param q        {@code nTokens} query rows of {@code nHeads * headDim}; token {@code t} sits at
     *                 position {@code start + t}
     * @param keys     cached keys, one row of {@code nKvHeads * headDim} per position, filled at least
     *                 up to position {@code start + nTokens - 1}
     * @param values   cached values, laid out as {@code keys}
     * @param out      receives {@code nTokens} rows of {@code nHeads * headDim}
     */
    public void apply(float[] q, float[] keys, float[] values, int start, int nTokens, float[] out) {
        int qRow = nHeads * headDim;
        int kvRow = nKvHeads * headDim;
        int headsPerKv = nHeads / nKvHeads;
        Parallel.forRange(nTokens * nHeads, MIN_HEADS_PER_CHUNK, (from, to) -> {
            float[] weights = new float[start + nTokens];
            for (int unit = from; unit < to; unit++) {
                int t = unit / nHeads;
                int h = unit % nHeads;
                int qOffset = t * qRow + h * headDim;
                int kvOffset = (h / headsPerKv) * headDim;
                int visible = start + t + 1;
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
        });
    }
}
