package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml's {@code block_iq4_nl}: 32 values as 4-bit indices into a fixed non-linear table of 16 levels,
 * {@code x = d * LEVELS[q]}. The levels crowd near zero, where weights are densest.
 *
 * <pre>
 * bytes 0..1   d   half, the scale
 * bytes 2..17  qs  16 bytes of nibbles: value j in the low nibble of qs[j], value j + 16 in its high nibble
 * </pre>
 */
final class IQ4_NLBlocks {
    static final int VALUES = 32;
    static final int BYTES = 18;

    /** ggml's {@code kvalues_iq4nl}. */
    static final byte[] LEVELS = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    /** Scale trials on each side of the first guess: ggml's {@code quantize_iq4_nl} passes 7. */
    private static final int TRIALS = 7;

    private IQ4_NLBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 2, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < qs.length; j++) {
                dst[out + j] = d * LEVELS[qs[j] & 0x0F];
                dst[out + j + VALUES / 2] = d * LEVELS[(qs[j] & 0xFF) >>> 4];
            }
        }
    }

    /**
     * ggml's {@code quantize_iq4_nl} without an importance matrix: the first scale maps the value of
     * largest magnitude onto the outermost level; 15 more scales (that value onto level -127 + t,
     * t = -7..7) are tried, each scored by its least-squares scale with values weighted by their square,
     * and the best scale's nearest levels are stored.
     */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        byte[] levels = new byte[VALUES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float d = bestScale(src, in);
            LittleEndian.putShort(block, 0, Floats.floatToHalf(d));
            float id = d != 0 ? 1 / d : 0;
            for (int j = 0; j < VALUES; j++) {
                levels[j] = (byte) nearestLevel(id * src[in + j]);
            }
            for (int j = 0; j < VALUES / 2; j++) {
                block[2 + j] = (byte) (levels[j] | levels[j + VALUES / 2] << 4);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }

    private static float bestScale(float[] x, int from) {
        float max = SignedExtreme.of(x, from, VALUES);
        if (Math.abs(max) < SymmetricScaleSearch.ZERO_GROUP) {
            return 0;
        }
        float d = -max / LEVELS[0];
        float[] fit = leastSquares(x, from, 1 / d);
        d = fit[1] > 0 ? fit[0] / fit[1] : 0f;
        float best = d * fit[0];
        for (int t = -TRIALS; t <= TRIALS; t++) {
            fit = leastSquares(x, from, (t + LEVELS[0]) / max);
            if (fit[1] > 0 && fit[0] * fit[0] > best * fit[1]) {
                d = fit[0] / fit[1];
                best = d * fit[0];
            }
        }
        return d;
    }

    /** {sum w q x, sum w q²} over the block for the levels nearest to {@code id * x}, with w = x². */
    private static float[] leastSquares(float[] x, int from, float id) {
        float sumQX = 0;
        float sumQ2 = 0;
        for (int j = 0; j < VALUES; j++) {
            float v = x[from + j];
            float q = LEVELS[nearestLevel(id * v)];
            float w = v * v;
            sumQX += w * q * v;
            sumQ2 += w * q * q;
        }
        return new float[] {sumQX, sumQ2};
    }

    /** The index of the level nearest to {@code x}; on an exact tie, the upper one. */
    static int nearestLevel(float x) {
        if (x <= LEVELS[0]) {
            return 0;
        }
        if (x >= LEVELS[LEVELS.length - 1]) {
            return LEVELS.length - 1;
        }
        int lo = 0;
        int hi = LEVELS.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            if (x < LEVELS[mid]) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return x - LEVELS[hi - 1] < LEVELS[hi] - x ? hi - 1 : hi;
    }
}
