package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

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

    /**
     * ggml's {@code quantize_row_q6_K_ref}: each sub-block of 16 is fitted with {@link SymmetricScaleSearch}
     * (levels -32..31), the 16 scales are quantized to signed bytes against the one of largest magnitude
     * (which becomes -128), and the levels picked again against the decoded scales.
     */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        byte[] levels = new byte[VALUES];
        float[] scales = new float[16];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int s = 0; s < 16; s++) {
                scales[s] = SymmetricScaleSearch.fit(src, in + 16 * s, 16, 32, levels, 16 * s);
                if (Math.abs(scales[s]) > maxAbsScale) {
                    maxAbsScale = Math.abs(scales[s]);
                    maxScale = scales[s];
                }
            }
            Arrays.fill(block, (byte) 0);
            if (maxAbsScale >= SymmetricScaleSearch.ZERO_GROUP) {
                float iscale = -128f / maxScale;
                float d = LittleEndian.putHalf(block, 208, 1 / iscale);
                for (int s = 0; s < 16; s++) {
                    block[SCALES + s] = (byte) Math.min(127, Rounding.nearestInt(iscale * scales[s]));
                }
                for (int s = 0; s < 16; s++) {
                    float dl = d * block[SCALES + s];
                    if (dl == 0) {
                        continue; // the search's levels stay, as in ggml
                    }
                    for (int i = 0; i < 16; i++) {
                        int l = Rounding.nearestInt(src[in + 16 * s + i] / dl);
                        levels[16 * s + i] = (byte) (Math.max(-32, Math.min(31, l)) + 32);
                    }
                }
                packLevels(levels, block);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }

    /** Splits the 6-bit levels into ql nibbles and qh bit pairs, as described in the class comment. */
    private static void packLevels(byte[] levels, byte[] block) {
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < 32; i++) {
                int v = 128 * half + i;
                int q0 = levels[v];
                int q1 = levels[v + 32];
                int q2 = levels[v + 64];
                int q3 = levels[v + 96];
                block[64 * half + i] = (byte) ((q0 & 0x0F) | (q2 & 0x0F) << 4);
                block[64 * half + 32 + i] = (byte) ((q1 & 0x0F) | (q3 & 0x0F) << 4);
                block[QH + 32 * half + i] = (byte) (q0 >>> 4 | (q1 >>> 4) << 2 | (q2 >>> 4) << 4 | (q3 >>> 4) << 6);
            }
        }
    }
}
