package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * Reads rows of one weight encoding straight from the file's bytes: their dot product with float
 * activations (dequantizing on the fly, no row is materialized) and their decoding to floats (for
 * batched products, which decode a row once and use it for many tokens).
 *
 * <p>{@code offset} is the byte offset of the row's first block; {@code n} is a whole number of
 * blocks. Results equal dequantize-then-dot up to float rounding: the kernels multiply in another
 * order and fuse multiply-adds.
 */
public interface RowKernel {

    /** {@code sum(w[i] * x[xOffset + i])} over the {@code n} values of the row at {@code offset}. */
    float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n);

    /**
     * {@code out[outOffset + r] = dot(row r, x[0 .. n))} for the {@code nRows} rows from {@code offset},
     * {@code rowBytes} apart. A kernel may compute several rows per pass (sharing the activation
     * loads), but each row's arithmetic must stay exactly that of {@link #dot}, so that results do not
     * depend on how rows are grouped or split between threads. (Four-row forms of the Q8_0-like kernels
     * were tried and ran three times slower from DRAM than one row at a time: their bodies are too large
     * for C2 to keep every vector in registers.)
     */
    default void dotRows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int n,
                         float[] out, int outOffset) {
        for (int r = 0; r < nRows; r++) {
            out[outOffset + r] = dot(weights, offset + r * rowBytes, x, 0, n);
        }
    }

    /** Writes the {@code n} values of the row at {@code offset} to {@code dst[dstOffset ..]}. */
    void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n);

    /** The fastest kernel for {@code type} on this JVM: a vector kernel when the Vector API is usable. */
    static RowKernel forType(GgmlType type) {
        return VectorSupport.ENABLED ? VectorKernels.forType(type) : new ScalarKernel(type);
    }
}
