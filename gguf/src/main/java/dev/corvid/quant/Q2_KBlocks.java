package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q2_K}: 256 values in 16 sub-blocks of 16, each with a 4-bit scale and 4-bit
 * min, {@code x = (d * scale) * q - (dmin * min)} with 2-bit q.
 *
 * <pre>
 * bytes  0..15  scales  byte s: low nibble = scale of sub-block s, high nibble = its min
 * bytes 16..79  qs      2-bit quants; see below
 * bytes 80..81  d       half, multiplies the scales
 * bytes 82..83  dmin    half, multiplies the mins
 * </pre>
 *
 * Each half of 128 values owns 32 bytes of qs; value {@code 32 * k + i} of a half (k = 0..3, i = 0..31)
 * sits in bits {@code 2k..2k+1} of that half's byte i. Sub-blocks follow value order.
 */
final class Q2_KBlocks {
    static final int VALUES = 256;
    static final int BYTES = 84;

    private Q2_KBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] block = new byte[80];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at, block, 0, block.length);
            float d = Floats.readHalf(src, at + 80);
            float dmin = Floats.readHalf(src, at + 82);
            int out = dstOffset + b * VALUES;
            for (int v = 0; v < VALUES; v += 16) {
                int sub = v / 16;
                int sc = block[sub] & 0xFF;
                float dl = d * (sc & 0x0F);
                float ml = dmin * (sc >>> 4);
                int qByte = 16 + (v / 128) * 32 + (v % 32);
                int shift = 2 * ((v % 128) / 32);
                for (int i = 0; i < 16; i++) {
                    dst[out + v + i] = dl * ((block[qByte + i] >>> shift) & 3) - ml;
                }
            }
        }
    }
}
