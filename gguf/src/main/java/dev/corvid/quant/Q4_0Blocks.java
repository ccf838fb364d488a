package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q4_0}: 32 values as signed 4-bit steps of one scale, {@code x = (q - 8) * d}.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..17  qs  16 bytes of nibbles: value j in the low nibble of qs[j], value j + 16 in its high nibble
 * </pre>
 */
final class Q4_0Blocks {
    static final int VALUES = 32;
    static final int BYTES = 18;

    private Q4_0Blocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 2, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < qs.length; j++) {
                dst[out + j] = ((qs[j] & 0x0F) - 8) * d;
                dst[out + j + VALUES / 2] = (((qs[j] & 0xFF) >>> 4) - 8) * d;
            }
        }
    }
}
