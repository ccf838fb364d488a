package dev.corvid.kernel;

/**
 * A few decoded weight rows times a block of tokens: the inner product of batched (prefill)
 * multiplication. The rows sit in the first-level cache and are reused by every token; with the
 * Vector API, 4 rows x 4 tokens are computed together so each loaded vector feeds four
 * multiply-adds.
 *
 * @param rows   {@code nRows} rows of {@code n} floats, back to back
 * @param x      token activations, token {@code t}'s {@code n} inputs from {@code t * xStride + xColumn}
 * @param out    receives row {@code r}, token {@code t} at {@code t * outStride + outColumn + r}
 * @param accumulate add to {@code out} instead of overwriting it (the second and later column chunks)
 */
record RowTile(float[] rows, int nRows, int n) {

    void multiply(float[] x, int xStride, int xColumn, int fromToken, int toToken,
                  float[] out, int outStride, int outColumn, boolean accumulate) {
        if (VectorSupport.ENABLED) {
            VectorTile.multiply(rows, nRows, n, x, xStride, xColumn, fromToken, toToken, out, outStride, outColumn,
                    accumulate);
            return;
        }
        for (int t = fromToken; t < toToken; t++) {
            for (int r = 0; r < nRows; r++) {
                float sum = 0f;
                for (int i = 0; i < n; i++) {
                    sum += rows[r * n + i] * x[t * xStride + xColumn + i];
                }
                int o = t * outStride + outColumn + r;
                out[o] = accumulate ? out[o] + sum : sum;
            }
        }
    }
}
