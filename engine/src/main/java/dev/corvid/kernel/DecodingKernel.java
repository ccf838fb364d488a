package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;

/**
 * The vector fallback for types without a fused kernel (F16, Q2_K, Q3_K, IQ4_NL): the reference
 * decoder fills a per-thread buffer a few blocks at a time, and a vector dot consumes it while it is
 * still in the first-level cache.
 */
final class DecodingKernel implements RowKernel {
    private static final ThreadLocal<float[]> CHUNKS = ThreadLocal.withInitial(() -> new float[ScalarKernel.CHUNK]);

    private final GgmlType type;

    DecodingKernel(GgmlType type) {
        this.type = type;
    }

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        float[] chunk = CHUNKS.get();
        float sum = 0f;
        for (int start = 0; start < n; start += ScalarKernel.CHUNK) {
            int count = Math.min(ScalarKernel.CHUNK, n - start);
            type.dequantize(weights, offset + type.byteSize(start), chunk, 0, count);
            sum += Vectors.dot(chunk, 0, x, xOffset + start, count);
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        type.dequantize(weights, offset, dst, dstOffset, n);
    }
}
