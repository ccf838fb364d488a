package dev.corvid.quant;

import java.util.Arrays;

/**
 * The part of Q4_K and Q5_K quantization the two share (ggml's {@code quantize_row_q4_K_ref} and
 * {@code quantize_row_q5_K_ref} differ only in level count, search settings and bit packing): fit each
 * of the 8 sub-blocks of 32 with {@link AffineScaleSearch}, weighting values by
 * {@code rms(sub-block) + |x|}; quantize the 8 scales and 8 offsets to 6 bits against the largest of
 * each; then pick every value's level again against the scales as they will be decoded.
 *
 * <p>Writes {@code d}, {@code dmin} and the 12 scale bytes into bytes 0..15 of the block, the layout both
 * formats start with, and the levels (0..nmax) into {@code levels}.
 */
final class ScaleMinQuantizer {
    static final int SUB_BLOCKS = 8;
    static final int SUB_BLOCK = 32;

    private final int nmax;
    private final AffineScaleSearch search;
    private final float[] weights = new float[SUB_BLOCK];
    private final float[] scales = new float[SUB_BLOCKS];
    private final float[] offsets = new float[SUB_BLOCKS];
    private final byte[] packed = new byte[KScales.BYTES];

    ScaleMinQuantizer(int nmax, float firstStretch, float stretchStep, int steps) {
        this.nmax = nmax;
        this.search = new AffineScaleSearch(nmax, firstStretch, stretchStep, steps, false);
    }

    void quantize(float[] x, int from, byte[] block, byte[] levels) {
        float maxScale = 0;
        float maxOffset = 0;
        for (int j = 0; j < SUB_BLOCKS; j++) {
            int at = from + SUB_BLOCK * j;
            float sumX2 = 0;
            for (int i = 0; i < SUB_BLOCK; i++) {
                sumX2 += x[at + i] * x[at + i];
            }
            float rms = (float) Math.sqrt(sumX2 / SUB_BLOCK);
            for (int i = 0; i < SUB_BLOCK; i++) {
                weights[i] = rms + Math.abs(x[at + i]);
            }
            scales[j] = search.fit(x, at, SUB_BLOCK, weights, levels, SUB_BLOCK * j);
            offsets[j] = search.offset();
            if (scales[j] > maxScale) {
                maxScale = scales[j];
            }
            if (offsets[j] > maxOffset) {
                maxOffset = offsets[j];
            }
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invOffset = maxOffset > 0 ? 63f / maxOffset : 0f;
        Arrays.fill(packed, (byte) 0);
        for (int j = 0; j < SUB_BLOCKS; j++) {
            // ggml keeps the low byte of the rounded value before capping at 63
            int ls = Math.min(63, Rounding.nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, Rounding.nearestInt(invOffset * offsets[j]) & 0xFF);
            KScales.pack(packed, j, ls, lm);
        }
        float d = LittleEndian.putHalf(block, 0, maxScale / 63f);
        float dmin = LittleEndian.putHalf(block, 2, maxOffset / 63f);
        System.arraycopy(packed, 0, block, 4, KScales.BYTES);
        for (int j = 0; j < SUB_BLOCKS; j++) {
            float dl = d * KScales.scale(packed, j);
            if (dl == 0) {
                continue; // the search's levels stay, as in ggml
            }
            float ml = dmin * KScales.min(packed, j);
            for (int i = 0; i < SUB_BLOCK; i++) {
                int l = Rounding.nearestInt((x[from + SUB_BLOCK * j + i] + ml) / dl);
                levels[SUB_BLOCK * j + i] = (byte) Math.max(0, Math.min(nmax, l));
            }
        }
    }
}
