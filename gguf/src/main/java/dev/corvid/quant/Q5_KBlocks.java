package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * ggml's {@code block_q5_K}: 256 values in 8 sub-blocks of 32, each with a 6-bit scale and 6-bit min,
 * {@code x = (d * scale) * q - (dmin * min)} with 5-bit q.
 *
 * <pre>
 * bytes  0..1    d       half, multiplies the scales
 * bytes  2..3    dmin    half, multiplies the mins
 * bytes  4..15   scales  8 scales and 8 mins, 6 bits each; see {@link KScales}
 * bytes 16..47   qh      fifth bits: value 32 * s + i has its in bit s of byte i
 * bytes 48..175  qs      low 4 bits, laid out as Q4_K's
 * </pre>
 */
final class Q5_KBlocks {
    static final int VALUES = 256;
    static final int BYTES = 176;

    private Q5_KBlocks() {
    }

    static void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks) {
        byte[] scales = new byte[KScales.BYTES];
        byte[] qh = new byte[VALUES / 8];
        byte[] qs = new byte[VALUES / 2];
        for (int b = 0; b < blocks; b++) {
            long at = offset + (long) b * BYTES;
            float d = Floats.readHalf(src, at);
            float dmin = Floats.readHalf(src, at + 2);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 4, scales, 0, scales.length);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 16, qh, 0, qh.length);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, at + 48, qs, 0, qs.length);
            int out = dstOffset + b * VALUES;
            for (int sub = 0; sub < 8; sub++) {
                float dl = d * KScales.scale(scales, sub);
                float ml = dmin * KScales.min(scales, sub);
                int qByte = (sub / 2) * 32;
                int shift = 4 * (sub % 2);
                for (int i = 0; i < 32; i++) {
                    int q = ((qs[qByte + i] >>> shift) & 0x0F) | (((qh[i] >>> sub) & 1) << 4);
                    dst[out + 32 * sub + i] = dl * q - ml;
                }
            }
        }
    }

    /** ggml's {@code quantize_row_q5_K_ref}; see {@link ScaleMinQuantizer}. */
    static void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks) {
        ScaleMinQuantizer quantizer = new ScaleMinQuantizer(31, -0.5f, 0.1f, 15);
        byte[] block = new byte[BYTES];
        byte[] levels = new byte[VALUES];
        for (int b = 0; b < blocks; b++) {
            quantizer.quantize(src, srcOffset + b * VALUES, block, levels);
            Arrays.fill(block, 16, 48, (byte) 0);
            for (int chunk = 0; chunk < VALUES; chunk += 64) {
                int pair = chunk / 64;
                for (int i = 0; i < 32; i++) {
                    int low = levels[chunk + i];
                    int high = levels[chunk + 32 + i];
                    block[16 + i] |= (byte) ((low >>> 4) << (2 * pair) | (high >>> 4) << (2 * pair + 1));
                    block[48 + chunk / 2 + i] = (byte) ((low & 0x0F) | (high & 0x0F) << 4);
                }
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, offset + (long) b * BYTES, BYTES);
        }
    }
}
