package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_q6_K}: 256 values in 16 sub-blocks of 16, each with a signed 8-bit scale,
 * {@code x = (d * scale) * (q - 32)} with 6-bit q.
 *
 * <pre>
 * bytes   0..127  ql      low 4 bits
 * bytes 128..191  qh      high 2 bits
 * bytes 192..207  scales  16 signed bytes, one per sub-block
 * bytes 208..209  d       half, multiplies the scales
 * </pre>
 *
 * Each half of 128 values owns 64 bytes of ql and 32 of qh. Within a half, value {@code 32 * k + i}
 * (k = 0..3, i = 0..31) takes its low bits from the low (k < 2) or high (k >= 2) nibble of ql byte
 * {@code i + 32 * (k % 2)} and its high bits from bits {@code 2k..2k+1} of qh byte i.
 */
final class Q6_KBlocks {
    static final int VALUES = 256;
    static final int BYTES = 210;

    private static final int QH = 128;
    private static final int SCALES = 192;

    private Q6_KBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] block = new byte[208];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at, block, 0, block.length);
            float d = Floats.readHalf(src, at + 208);
            int out = dstOffset + b * VALUES;
            for (int v = 0; v < VALUES; v += 16) {
                float dl = d * block[SCALES + v / 16];
                int half = v / 128;
                int k = (v % 128) / 32;
                int column = v % 32;
                int lowByte = half * 64 + 32 * (k % 2) + column;
                int lowShift = 4 * (k / 2);
                int highByte = QH + half * 32 + column;
                for (int i = 0; i < 16; i++) {
                    int low = (block[lowByte + i] >>> lowShift) & 0x0F;
                    int high = (block[highByte + i] >>> (2 * k)) & 3;
                    dst[out + v + i] = dl * ((low | (high << 4)) - 32);
                }
            }
        }
    }
}
