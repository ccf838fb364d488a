package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * Weights left in their file encoding (any {@link GgmlType}); each product dequantizes one row at a
 * time into a scratch buffer and dots it with every token of the batch, so a row is decoded once per
 * batch, not once per token.
 */
public final class QuantizedMatrix implements WeightMatrix {
    /** Decoding a row costs about as much as a few dot products; chunks of 8 rows amortize scheduling. */
    private static final int MIN_ROWS_PER_CHUNK = 8;

    private final GgmlType type;
    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final long rowBytes;

    /** @param data {@code rows} rows of {@code cols} values of {@code type}, back to back */
    public QuantizedMatrix(GgmlType type, MemorySegment data, int rows, int cols) {
        this.rowBytes = type.byteSize(cols);
        if (rowBytes < 0 || rowBytes * rows != data.byteSize()) {
            throw new IllegalArgumentException(data.byteSize() + " bytes do not hold a " + rows + " x " + cols
                    + " " + type + " matrix");
        }
        this.type = type;
        this.data = data;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void multiply(float[] in, int nTokens, float[] out) {
        Parallel.forRange(rows, MIN_ROWS_PER_CHUNK, (from, to) -> {
            float[] row = new float[cols];
            for (int r = from; r < to; r++) {
                copyRow(r, row, 0);
                for (int t = 0; t < nTokens; t++) {
                    out[t * rows + r] = Dot.dot(row, 0, in, t * cols, cols);
                }
            }
        });
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        type.dequantize(data, row * rowBytes, dst, dstOffset, cols);
    }
}
