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

    /**
     * ggml's {@code quantize_row_q4_0_ref}: the value of largest magnitude, sign included, becomes step -8,
     * so the scale may be negative; the others round half up onto 0..15.
     */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float d = SignedExtreme.of(src, in, VALUES) / -8;
            float id = d != 0 ? 1f / d : 0f;
            LittleEndian.putShort(block, 0, Floats.floatToHalf(d));
            for (int j = 0; j < VALUES / 2; j++) {
                int low = Math.min(15, (byte) (int) (src[in + j] * id + 8.5f));
                int high = Math.min(15, (byte) (int) (src[in + j + VALUES / 2] * id + 8.5f));
                block[2 + j] = (byte) (low | high << 4);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
