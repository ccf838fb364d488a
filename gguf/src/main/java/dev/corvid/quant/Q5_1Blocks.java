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

    /** ggml's {@code quantize_row_q5_1_ref}: 32 even steps from the block's minimum to its maximum. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            Range r = Range.of(src, in, VALUES);
            float d = (r.max() - r.min()) / 31;
            float id = d != 0 ? 1f / d : 0f;
            LittleEndian.putShort(block, 0, Floats.floatToHalf(d));
            LittleEndian.putShort(block, 2, Floats.floatToHalf(r.min()));
            int qh = 0;
            for (int j = 0; j < VALUES / 2; j++) {
                // unlike Q4_1, ggml does not clamp here: (max - min) / d rounds to at most 31
                int low = (int) ((src[in + j] - r.min()) * id + 0.5f) & 0xFF;
                int high = (int) ((src[in + j + VALUES / 2] - r.min()) * id + 0.5f) & 0xFF;
                block[8 + j] = (byte) ((low & 0x0F) | (high & 0x0F) << 4);
                qh |= (low >>> 4 & 1) << j | (high >>> 4 & 1) << (j + VALUES / 2);
            }
            LittleEndian.putInt(block, 4, qh);
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
