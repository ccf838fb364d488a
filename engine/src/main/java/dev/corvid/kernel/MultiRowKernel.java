package dev.corvid.kernel;

import java.lang.foreign.MemorySegment;

/**
 * A vector kernel whose row loop and per-row dot product are one method, {@link #rows}: when C2 had compiled a
 * one-row dot product on its own, it sometimes would not inline it into a caller's row loop, and decode ran a
 * quarter slower in those JVM runs. One row ({@link #dot}) is the loop run once.
 */
abstract class MultiRowKernel implements RowKernel {
    /**
     * The dot products with {@code x[xOffset ..]} of {@code nRows} rows, {@code rowBytes} apart from
     * {@code offset}, into {@code out[outOffset ..]} (unless {@code out} is null); returns the last.
     */
    abstract float rows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset, int n,
                        float[] out, int outOffset);

    @Override
    public final float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        return rows(weights, offset, 0, 1, x, xOffset, n, null, 0);
    }

    @Override
    public final void dotRows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int n,
                              float[] out, int outOffset) {
        rows(weights, offset, rowBytes, nRows, x, 0, n, out, outOffset);
    }
}
