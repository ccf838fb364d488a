package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * ggml's {@code block_q3_K}: 256 values in 16 sub-blocks of 16, each with a signed 6-bit scale,
 * {@code x = (d * (scale - 32)) * (q - 4)} with 3-bit q (the high bit stored inverted: a set bit means
 * "do not subtract 4").
 *
 * <pre>
 * bytes   0..31   hmask   high bits: value v's in bit v / 32 of byte v % 32
 * bytes  32..95   qs      low 2 bits, laid out as Q2_K's (bits 2k..2k+1 of byte i of each 32-byte half)
 * bytes  96..107  scales  16 6-bit scales; see {@link #scale}
 * bytes 108..109  d       half, multiplies the scales
 * </pre>
 */
final class Q3_KBlocks {
    static final int VALUES = 256;
    static final int BYTES = 110;

    private static final int QS = 32;
    private static final int SCALES = 96;

    private Q3_KBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] block = new byte[108];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at, block, 0, block.length);
            float d = Floats.readHalf(src, at + 108);
            int out = dstOffset + b * VALUES;
            for (int v = 0; v < VALUES; v += 16) {
                float dl = d * (scale(block, v / 16) - 32);
                int column = v % 32;
                int qByte = QS + (v / 128) * 32 + column;
                int shift = 2 * ((v % 128) / 32);
                int highBit = 1 << (v / 32);
                for (int i = 0; i < 16; i++) {
                    int low = (block[qByte + i] >>> shift) & 3;
                    int q = low - ((block[column + i] & highBit) != 0 ? 0 : 4);
                    dst[out + v + i] = dl * q;
                }
            }
        }
    }

    /**
     * The unsigned 6-bit scale of sub-block {@code s} (0..15): low four bits in the low (s < 8) or high
     * (s >= 8) nibble of scale byte s % 8, high two bits in bits {@code 2 * (s / 4)} of scale byte
     * 8 + s % 4.
     */
    static int scale(byte[] block, int s) {
        int lowByte = block[SCALES + s % 8] & 0xFF;
        int low = s < 8 ? lowByte & 0x0F : lowByte >>> 4;
        int high = ((block[SCALES + 8 + s % 4] & 0xFF) >>> (2 * (s / 4))) & 3;
        return low | (high << 4);
    }

    /**
     * ggml's {@code quantize_row_q3_K_ref}: each sub-block of 16 is fitted with {@link RefinedScaleSearch}
     * (levels -4..3), the 16 signed scales are quantized to 6 bits against the one of largest magnitude,
     * and the levels picked again against the decoded scales.
     */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        byte[] levels = new byte[VALUES];
        float[] scales = new float[16];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float maxScale = 0;
            float amax = 0;
            for (int s = 0; s < 16; s++) {
                scales[s] = RefinedScaleSearch.fit(src, in + 16 * s, 16, 4, levels, 16 * s);
                if (Math.abs(scales[s]) > amax) {
                    amax = Math.abs(scales[s]);
                    maxScale = scales[s];
                }
            }
            Arrays.fill(block, 0, BYTES, (byte) 0);
            float iscale = maxScale != 0 ? -32f / maxScale : 0f;
            if (maxScale != 0) {
                for (int s = 0; s < 16; s++) {
                    // ggml narrows the rounded value to int8 before clamping it
                    int l = Math.max(-32, Math.min(31, (byte) Rounding.nearestInt(iscale * scales[s]))) + 32;
                    block[SCALES + s % 8] |= (byte) ((l & 0x0F) << (s < 8 ? 0 : 4));
                    block[SCALES + 8 + s % 4] |= (byte) ((l >>> 4) << (2 * (s / 4)));
                }
            }
            float d = LittleEndian.putHalf(block, 108, maxScale != 0 ? 1 / iscale : 0f);
            for (int s = 0; s < 16; s++) {
                float dl = d * (scale(block, s) - 32);
                if (dl == 0) {
                    continue; // the search's levels stay, as in ggml
                }
                for (int i = 0; i < 16; i++) {
                    int l = Rounding.nearestInt(src[in + 16 * s + i] / dl);
                    levels[16 * s + i] = (byte) (Math.max(-4, Math.min(3, l)) + 4);
                }
            }
            for (int v = 0; v < VALUES; v++) {
                if (levels[v] > 3) {
                    block[v % 32] |= (byte) (1 << (v / 32));
                    levels[v] -= 4;
                }
            }
            Q2_KBlocks.packTwoBits(levels, block, QS);
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
