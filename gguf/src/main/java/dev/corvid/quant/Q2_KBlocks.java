package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

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

    /**
     * ggml's {@code quantize_row_q2_K_ref}: each sub-block of 16 is fitted with {@link AffineScaleSearch}
     * (levels 0..3, values weighted by magnitude, absolute error), the 16 scales and mins are quantized to
     * 4 bits against the largest of each, and the levels picked again against the decoded scales.
     */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        AffineScaleSearch search = new AffineScaleSearch(3, -0.5f, 0.1f, 15, true);
        byte[] block = new byte[BYTES];
        byte[] levels = new byte[VALUES];
        float[] weights = new float[16];
        float[] scales = new float[16];
        float[] mins = new float[16];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float maxScale = 0;
            float maxMin = 0;
            for (int s = 0; s < 16; s++) {
                for (int i = 0; i < 16; i++) {
                    weights[i] = Math.abs(src[in + 16 * s + i]);
                }
                scales[s] = search.fit(src, in + 16 * s, 16, weights, levels, 16 * s);
                mins[s] = search.offset();
                if (scales[s] > maxScale) {
                    maxScale = scales[s];
                }
                if (mins[s] > maxMin) {
                    maxMin = mins[s];
                }
            }
            Arrays.fill(block, 0, 16, (byte) 0);
            if (maxScale > 0) {
                float iscale = 15f / maxScale;
                for (int s = 0; s < 16; s++) {
                    block[s] = (byte) Rounding.nearestInt(iscale * scales[s]);
                }
            }
            float d = LittleEndian.putHalf(block, 80, maxScale > 0 ? maxScale / 15f : 0f);
            if (maxMin > 0) {
                float iscale = 15f / maxMin;
                for (int s = 0; s < 16; s++) {
                    block[s] |= (byte) (Rounding.nearestInt(iscale * mins[s]) << 4);
                }
            }
            float dmin = LittleEndian.putHalf(block, 82, maxMin > 0 ? maxMin / 15f : 0f);
            for (int s = 0; s < 16; s++) {
                float dl = d * (block[s] & 0x0F);
                if (dl == 0) {
                    continue; // the search's levels stay, as in ggml
                }
                float ml = dmin * ((block[s] & 0xFF) >>> 4);
                for (int i = 0; i < 16; i++) {
                    int l = Rounding.nearestInt((src[in + 16 * s + i] + ml) / dl);
                    levels[16 * s + i] = (byte) Math.max(0, Math.min(3, l));
                }
            }
            packTwoBits(levels, block, 16);
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }

    /**
     * Packs 256 two-bit levels into 64 bytes at {@code block[at..]} in the layout Q2_K and Q3_K share:
     * value {@code 32 * k + i} of each half of 128 in bits {@code 2k..2k+1} of that half's byte i.
     */
    static void packTwoBits(byte[] levels, byte[] block, int at) {
        for (int half = 0; half < 2; half++) {
            for (int i = 0; i < 32; i++) {
                int v = 128 * half + i;
                block[at + 32 * half + i] = (byte) ((levels[v] & 3) | (levels[v + 32] & 3) << 2
                        | (levels[v + 64] & 3) << 4 | (levels[v + 96] & 3) << 6);
            }
        }
    }
}
