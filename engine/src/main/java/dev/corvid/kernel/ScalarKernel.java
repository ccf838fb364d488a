package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * Any type without the Vector API: decodes a few blocks at a time with the type's reference decoder
 * into a per-thread buffer and sums float products in index order.
 */
final class ScalarKernel implements RowKernel {
    /** Values decoded per step: a whole number of blocks of every type (256 is a multiple of each block size). */
    static final int CHUNK = 256;
    private static final ThreadLocal<float[]> CHUNKS = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private final GgmlType type;

    ScalarKernel(GgmlType type) {
        this.type = type;
    }

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        float[] chunk = CHUNKS.get();
        float sum = 0f;
        for (int start = 0; start < n; start += CHUNK) {
            int count = Math.min(CHUNK, n - start);
            type.dequantize(weights, offset + type.byteSize(start), chunk, 0, count);
            for (int i = 0; i < count; i++) {
                sum += chunk[i] * x[xOffset + start + i];
            }
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        type.dequantize(weights, offset, dst, dstOffset, n);
    }
}
