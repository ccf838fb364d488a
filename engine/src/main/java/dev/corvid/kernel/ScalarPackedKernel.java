package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** A {@link PackedLayout} without the Vector API: scalar decoding, float sums in index order. */
final class ScalarPackedKernel implements RowKernel {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<float[]> CHUNKS = ThreadLocal.withInitial(() -> new float[ScalarKernel.CHUNK]);

    private final PackedLayout layout;

    ScalarPackedKernel(PackedLayout layout) {
        this.layout = layout;
    }

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        float[] chunk = CHUNKS.get();
        float sum = 0f;
        for (int start = 0; start < n; start += ScalarKernel.CHUNK) {
            int count = Math.min(ScalarKernel.CHUNK, n - start);
            decode(weights, offset + layout.byteSize(start), chunk, 0, count);
            for (int i = 0; i < count; i++) {
                sum += chunk[i] * x[xOffset + start + i];
            }
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        switch (layout) {
            case Q8_0 -> GgmlType.Q8_0.dequantize(weights, offset, dst, dstOffset, n);
            case Q8_S16 -> {
                for (int v = 0; v < n; v++) {
                    long block = offset + layout.byteSize(v - v % 256);
                    float scale = weights.get(FLOAT, block + 4L * (v % 256 / 16));
                    dst[dstOffset + v] = scale * weights.get(ValueLayout.JAVA_BYTE, block + 64 + v % 256);
                }
            }
            case Q8_SM32, Q4_SM32 -> {
                for (int v = 0; v < n; v++) {
                    long block = offset + layout.byteSize(v - v % 256);
                    int sub = v % 256 / 32;
                    float scale = weights.get(FLOAT, block + 4L * sub);
                    float min = weights.get(FLOAT, block + 32 + 4L * sub);
                    dst[dstOffset + v] = scale * quant(weights, block, v % 256) - min;
                }
            }
        }
    }

    /** Quant {@code v} of the scale-min block at {@code block}: a byte, or a nibble of sub-block byte {@code v % 16}. */
    private int quant(MemorySegment weights, long block, int v) {
        if (layout == PackedLayout.Q8_SM32) {
            return weights.get(ValueLayout.JAVA_BYTE, block + 64 + v);
        }
        int b = weights.get(ValueLayout.JAVA_BYTE, block + 64 + 16L * (v / 32) + v % 16) & 0xFF;
        return v % 32 < 16 ? b & 0x0F : b >>> 4;
    }
}
