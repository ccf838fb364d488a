package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * ggml's {@code block_q8_K}: 256 signed bytes times a float32 scale, {@code x = d * q}. ggml uses it for
 * activations in K-quant dot products; the per-16 sums it carries are not needed to decode.
 *
 * <pre>
 * bytes   0..3    d      float32, the scale
 * bytes   4..259  qs     256 signed bytes, value j in qs[j]
 * bytes 260..291  bsums  16 little-endian int16: the sum of each 16 quants
 * </pre>
 */
final class Q8_KBlocks {
    static final int VALUES = 256;
    static final int BYTES = 292;

    private Q8_KBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] qs = new byte[VALUES];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = src.get(Floats.F32_LE, at);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 4, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int j = 0; j < VALUES; j++) {
                dst[out + j] = d * qs[j];
            }
        }
    }

    /** ggml's {@code quantize_row_q8_K_ref}: the value of largest magnitude becomes -127. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        byte[] block = new byte[BYTES];
        for (int b = 0; b < blocks; b++) {
            int in = srcOffset + b * VALUES;
            float max = SignedExtreme.of(src, in, VALUES);
            Arrays.fill(block, (byte) 0);
            if (max != 0) {
                float iscale = -127f / max;
                for (int j = 0; j < VALUES; j++) {
                    block[4 + j] = (byte) Math.min(127, Rounding.nearestInt(iscale * src[in + j]));
                }
                for (int s = 0; s < 16; s++) {
                    int sum = 0;
                    for (int i = 0; i < 16; i++) {
                        sum += block[4 + 16 * s + i];
                    }
                    LittleEndian.putShort(block, 260 + 2 * s, sum);
                }
                LittleEndian.putInt(block, 0, Float.floatToRawIntBits(1 / iscale));
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
