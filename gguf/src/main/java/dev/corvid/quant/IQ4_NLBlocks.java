package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_iq4_nl}: 32 values as 4-bit indices into a fixed non-linear table of 16 levels,
 * {@code x = d * LEVELS[q]}. The levels crowd near zero, where weights are densest.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..17  qs  16 bytes of nibbles: value j in the low nibble of qs[j], value j + 16 in its high nibble
 * </pre>
 */
final class IQ4_NLBlocks {
    static final int VALUES = 32;
    static final int BYTES = 18;

    /** ggml's {@code kvalues_iq4nl}. */
    static final byte[] LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    private IQ4_NLBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 2, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < qs.length; j++) {
                dst[out + j] = d * LEVELS[qs[j] & 0x0F];
                dst[out + j + VALUES / 2] = d * LEVELS[(qs[j] & 0xFF) >>> 4];
            }
        }
    }
}
