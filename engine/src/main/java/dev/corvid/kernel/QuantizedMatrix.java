package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * Weights left in their file encoding (any {@link GgmlType}), read through the type's
 * {@link RowKernel}. One token: each row is a fused dequantize-and-dot, streaming the encoded bytes
 * once. A batch: rows are decoded in tiles of {@link #TILE_ROWS} and each decoded tile is multiplied
 * by a block of tokens, so decoding is paid once per {@link #TOKENS_PER_PASS} tokens; columns go in
 * chunks so that a block of token activations stays in the second-level cache while every tile of
 * the worker's rows passes by.
 */
public final class QuantizedMatrix implements WeightMatrix {
    private static final int TILE_ROWS = 4;
    /** 64 tokens x 1024 columns of floats is 256 KiB: a block of activations fits the L2 cache. */
    private static final int TOKENS_PER_PASS = 64;
    private static final int COLUMNS_PER_PASS = 1024;
    private static final Scratch TILES = new Scratch();

    private final String encoding;
    private final int blockValues;
    private final int blockBytes;
    private final RowKernel kernel;
    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final long rowBytes;

    /** @param data {@code rows} rows of {@code cols} values of {@code type}, back to back */
    public QuantizedMatrix(GgmlType type, MemorySegment data, int rows, int cols) {
        this(type.toString(), type.blockSize(), type.bytesPerBlock(), RowKernel.forType(type), data, rows, cols);
    }

    /** @param data {@code rows} rows of {@code cols} values in {@code layout}, back to back (see {@link Repacker}) */
    public QuantizedMatrix(PackedLayout layout, MemorySegment data, int rows, int cols) {
        this(layout.toString(), layout.blockValues(), layout.blockBytes(), layout.kernel(), data, rows, cols);
    }

    private QuantizedMatrix(String encoding, int blockValues, int blockBytes, RowKernel kernel, MemorySegment data,
                            int rows, int cols) {
        this.rowBytes = cols % blockValues == 0 ? (long) cols / blockValues * blockBytes : -1;
        if (rowBytes < 0 || rowBytes * rows != data.byteSize()) {
            throw new IllegalArgumentException(data.byteSize() + " bytes do not hold a " + rows + " x " + cols
                    + " " + encoding + " matrix");
        }
        this.encoding = encoding;
        this.blockValues = blockValues;
        this.blockBytes = blockBytes;
        this.kernel = kernel;
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
    public void multiplyRows(float[] in, int nTokens, float[] out, int fromRow, int toRow) {
        if (nTokens == 1) {
            kernel.dotRows(data, fromRow * rowBytes, rowBytes, toRow - fromRow, in, cols, out, fromRow);
            return;
        }
        int chunk = Math.min(cols, COLUMNS_PER_PASS);
        float[] tile = TILES.atLeast(TILE_ROWS * chunk);
        for (int column = 0; column < cols; column += chunk) {
            int width = Math.min(chunk, cols - column);
            long columnBytes = (long) column / blockValues * blockBytes;
            for (int firstToken = 0; firstToken < nTokens; firstToken += TOKENS_PER_PASS) {
                int lastToken = Math.min(nTokens, firstToken + TOKENS_PER_PASS);
                for (int r = fromRow; r < toRow; r += TILE_ROWS) {
                    int tileRows = Math.min(TILE_ROWS, toRow - r);
                    for (int i = 0; i < tileRows; i++) {
                        kernel.decode(data, (r + i) * rowBytes + columnBytes, tile, i * width, width);
                    }
                    new RowTile(tile, tileRows, width).multiply(in, cols, column, firstToken, lastToken,
                            out, rows, r, column > 0);
                }
            }
        }
    }

    @Override
    public void copyRow(int row, float[] dst, int dstOffset) {
        kernel.decode(data, row * rowBytes, dst, dstOffset, cols);
    }

    /** The encoding of the weights: a file type, or the {@link PackedLayout} they were repacked into. */
    public String encoding() {
        return encoding;
    }

    /** The kernel this matrix multiplies with (benchmarks compare kernels through it). */
    public RowKernel kernel() {
        return kernel;
    }
}
