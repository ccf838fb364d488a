package dev.corvid.kernel;

/**
 * A weight matrix of {@link #rows()} output rows, each a vector of {@link #cols()} inputs (ggml's
 * {@code ne1 x ne0}). Implementations choose how weights are stored and how products are computed,
 * so a faster kernel can replace one per weight type without touching the forward pass.
 *
 * <pre>{@code
 * float[] out = new float[nTokens * w.rows()];
 * w.multiply(in, nTokens, out);           // in: nTokens x w.cols(), row-major
 * }</pre>
 *
 * Implementations are immutable and safe to use from many threads at once. Every output element is
 * computed by one thread in a fixed order, so results do not depend on how rows are split.
 */
public interface WeightMatrix {
    /** Output size: the number of weight rows. */
    int rows();

    /** Input size: the length of one weight row. */
    int cols();

    /**
     * {@code out[t][r] = dot(row r, in[t])} for every token {@code t < nTokens} and row {@code r}:
     * {@code in} holds {@code nTokens x cols()} floats, {@code out} receives {@code nTokens x rows()}.
     * Runs on the {@linkplain WorkerPool#shared() shared pool}.
     */
    default void multiply(float[] in, int nTokens, float[] out) {
        WorkerPool.shared().run((from, to) -> multiplyRows(in, nTokens, out, from, to), rows(), 16);
    }

    /** {@link #multiply} restricted to rows {@code [fromRow, toRow)}, on the calling thread. */
    void multiplyRows(float[] in, int nTokens, float[] out, int fromRow, int toRow);

    /** Writes row {@code row} as floats to {@code dst[dstOffset ..]} (an embedding lookup). */
    void copyRow(int row, float[] dst, int dstOffset);
}
