package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q4_K}: 256 values in 8 sub-blocks of 32, each with a 6-bit scale and 6-bit min,
 * {@code x = (d * scale) * q - (dmin * min)} with 4-bit q.
 *
 * <pre>
 * bytes  0..1    d       half, multiplies the scales
 * bytes  2..3    dmin    half, multiplies the mins
 * bytes  4..15   scales  8 scales and 8 mins, 6 bits each; see {@link KScales}
 * bytes 16..143  qs      nibbles: each 64 values own 32 bytes, the first 32 values in the low nibbles
 * </pre>
 */
final class Q4_KBlocks {
    static final int VALUES = 256;
    static final int BYTES = 144;

    private Q4_KBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] scales = new byte[KScales.BYTES];
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            float dmin = Floats.readHalf(src, at + 2);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 4, scales, 0, scales.length);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 16, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int sub = 0; sub < 8; sub++) {
                float dl = d * KScales.scale(scales, sub);
                float ml = dmin * KScales.min(scales, sub);
                int qByte = (sub / 2) * 32;
                int shift = 4 * (sub % 2);
                for (int i = 0; i < 32; i++) {
                    dst[out + 32 * sub + i] = dl * ((qs[qByte + i] >>> shift) & 0x0F) - ml;
                }
            }
        }
    }

    /** ggml's {@code quantize_row_q4_K_ref}; see {@link ScaleMinQuantizer}. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        ScaleMinQuantizer quantizer = new ScaleMinQuantizer(15, -1f, 0.1f, 20);
        byte[] block = new byte[BYTES];
        byte[] levels = new byte[VALUES];
        for (int b = 0; b < blocks; b++) {
            quantizer.quantize(src, srcOffset + b * VALUES, block, levels);
            for (int chunk = 0; chunk < VALUES; chunk += 64) {
                for (int i = 0; i < 32; i++) {
                    block[16 + chunk / 2 + i] = (byte) (levels[chunk + i] | levels[chunk + 32 + i] << 4);
                }
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
