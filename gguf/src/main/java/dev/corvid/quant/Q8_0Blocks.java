package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q8_0}: 32 values as signed bytes times one scale, {@code x = q * d}.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..33  qs  32 signed bytes, value j in qs[j]
 * </pre>
 */
final class Q8_0Blocks {
    static final int VALUES = 32;
    static final int BYTES = 34;

    private Q8_0Blocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 2, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < VALUES; j++) {
                dst[out + j] = qs[j] * d;
            }
        }
    }

    /** ggml's {@code quantize_row_q8_0_ref}: the scale maps the largest magnitude to 127. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float amax = 0;
            for (int j = 0; j < VALUES; j++) {
                amax = Math.max(amax, Math.abs(src[in + j]));
            }
            float d = amax / 127;
            float id = d != 0 ? 1f / d : 0f;
            LittleEndian.putShort(block, 0, Floats.floatToHalf(d));
            for (int j = 0; j < VALUES; j++) {
                block[2 + j] = (byte) Rounding.halfAwayFromZero(src[in + j] * id);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
