package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q5_1}: 32 values as unsigned 5-bit steps above a minimum, {@code x = q * d + m}.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..3   m   half, the minimum
 * bytes 4..7   qh  little-endian 32-bit word: bit j is the fifth bit of value j
 * bytes 8..23  qs  16 bytes of nibbles: value j in the low nibble of qs[j], value j + 16 in its high nibble
 * </pre>
 */
final class Q5_1Blocks {
    static final int VALUES = 32;
    static final int BYTES = 24;

    private Q5_1Blocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            float m = Floats.readHalf(src, at + 2);
            int qh = src.get(Floats.I32_LE, at + 4);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 8, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < qs.length; j++) {
                int low = (qs[j] & 0x0F) | Q5_0Blocks.fifthBit(qh, j);
                int high = ((qs[j] & 0xFF) >>> 4) | Q5_0Blocks.fifthBit(qh, j + VALUES / 2);
                dst[out + j] = low * d + m;
                dst[out + j + VALUES / 2] = high * d + m;
            }
        }
    }
}
