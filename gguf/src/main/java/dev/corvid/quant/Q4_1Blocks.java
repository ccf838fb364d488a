package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q4_1}: 32 values as unsigned 4-bit steps above a minimum, {@code x = q * d + m}.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..3   m   half, the minimum
 * bytes 4..19  qs  16 bytes of nibbles: value j in the low nibble of qs[j], value j + 16 in its high nibble
 * </pre>
 */
final class Q4_1Blocks {
    static final int VALUES = 32;
    static final int BYTES = 20;

    private Q4_1Blocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            float m = Floats.readHalf(src, at + 2);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 4, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < qs.length; j++) {
                dst[out + j] = (qs[j] & 0x0F) * d + m;
                dst[out + j + VALUES / 2] = ((qs[j] & 0xFF) >>> 4) * d + m;
            }
        }
    }

    /** ggml's {@code quantize_row_q4_1_ref}: 16 even steps from the block's minimum to its maximum. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            Range r = Range.of(src, in, VALUES);
            float d = (r.max() - r.min()) / 15;
            float id = d != 0 ? 1f / d : 0f;
            LittleEndian.putShort(block, 0, Floats.floatToHalf(d));
            LittleEndian.putShort(block, 2, Floats.floatToHalf(r.min()));
            for (int j = 0; j < VALUES / 2; j++) {
                int low = Math.min(15, (byte) (int) ((src[in + j] - r.min()) * id + 0.5f));
                int high = Math.min(15, (byte) (int) ((src[in + j + VALUES / 2] - r.min()) * id + 0.5f));
                block[4 + j] = (byte) (low | high << 4);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
