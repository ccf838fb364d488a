package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q5_0}: 32 values as signed 5-bit steps of one scale, {@code x = (q - 16) * d}.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..5   qh  little-endian 32-bit word: bit j is the fifth bit of value j
 * bytes 6..21  qs  16 bytes of nibbles: value j in the low nibble of qs[j], value j + 16 in its high nibble
 * </pre>
 */
final class Q5_0Blocks {
    static final int VALUES = 32;
    static final int BYTES = 22;

    private Q5_0Blocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            int qh = src.get(Floats.I32_LE, at + 2);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 6, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < qs.length; j++) {
                int low = (qs[j] & 0x0F) | fifthBit(qh, j);
                int high = ((qs[j] & 0xFF) >>> 4) | fifthBit(qh, j + VALUES / 2);
                dst[out + j] = (low - 16) * d;
                dst[out + j + VALUES / 2] = (high - 16) * d;
            }
        }
    }

    /** Bit {@code value} of {@code qh}, moved to bit 4 (weight 16). Shared with {@link Q5_1Blocks}. */
    static int fifthBit(int qh, int value) {
        return ((qh >>> value) & 1) << 4;
    }

    /** ggml's {@code quantize_row_q5_0_ref}: as Q4_0 with 32 steps, the extreme value becoming step -16. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float d = SignedExtreme.of(src, in, VALUES) / -16;
            float id = d != 0 ? 1f / d : 0f;
            LittleEndian.putShort(block, 0, Floats.floatToHalf(d));
            int qh = 0;
            for (int j = 0; j < VALUES / 2; j++) {
                int low = Math.min(31, (byte) (int) (src[in + j] * id + 16.5f));
                int high = Math.min(31, (byte) (int) (src[in + j + VALUES / 2] * id + 16.5f));
                block[6 + j] = (byte) ((low & 0x0F) | (high & 0x0F) << 4);
                qh |= (low >>> 4 & 1) << j | (high >>> 4 & 1) << (j + VALUES / 2);
            }
            LittleEndian.putInt(block, 2, qh);
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
