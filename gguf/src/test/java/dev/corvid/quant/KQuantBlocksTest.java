package dev.corvid.quant;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * K-quant blocks packed by hand from chosen quants, scales and mins, following the byte layouts of
 * ggml-common.h, then decoded and compared bitwise with ggml's formula for each value. Each test packs
 * several blocks back to back (random content plus edge cases: extreme scales, negative-zero and
 * negative super-scales) so a wrong stride shows too.
 */
class KQuantBlocksTest {
    private static final int QK = 256;
    private static final int BLOCKS = 6;

    private final Random random = new Random(20251101);

    @Test
    void q8_kIsAFloatScaleTimesSignedBytes() {
        BlockBytes bytes = new BlockBytes(2 * 292);
        bytes.f32(0, 0.5f).f32(292, -0f);
        for (int j = 0; j < QK; j++) {
            bytes.put(4 + j, j - 128).put(292 + 4 + j, j - 128);
        }
        bytes.fill(260, 292, 0x5A); // bsums carry nothing the decoder needs
        float[] x = bytes.decode(GgmlType.Q8_K);
        for (int j = 0; j < QK; j++) {
            assertEquals((j - 128) / 2f, x[j], "value " + j);
            assertEquals(j < 128 ? 0f : -0f, x[QK + j], "value " + j + " of the -0 block");
        }
    }

    @Test
    void q2_k() {
        BlockBytes bytes = new BlockBytes(BLOCKS * 84);
        float[] expected = new float[BLOCKS * QK];
        for (int b = 0; b < BLOCKS; b++) {
            int base = b * 84;
            float d = superScale(b);
            float dmin = superScale(b + 1);
            bytes.half(base + 80, d).half(base + 82, dmin);
            int[] scales = new int[16];
            int[] mins = new int[16];
            for (int s = 0; s < 16; s++) {
                scales[s] = b == 0 ? 15 : random.nextInt(16);
                mins[s] = b == 0 ? 15 : random.nextInt(16);
                bytes.put(base + s, scales[s] | mins[s] << 4);
            }
            for (int v = 0; v < QK; v++) {
                int q = b == 0 ? 3 : random.nextInt(4);
                bytes.or(base + 16 + 32 * (v / 128) + v % 32, q << 2 * (v % 128 / 32));
                expected[b * QK + v] = (d * scales[v / 16]) * q - (dmin * mins[v / 16]);
            }
        }
        assertArrayEquals(expected, bytes.decode(GgmlType.Q2_K));
    }

    @Test
    void q3_k() {
        BlockBytes bytes = new BlockBytes(BLOCKS * 110);
        float[] expected = new float[BLOCKS * QK];
        for (int b = 0; b < BLOCKS; b++) {
            int base = b * 110;
            float d = superScale(b);
            bytes.half(base + 108, d);
            int[] scales = new int[16]; // stored 6-bit, meaning scale - 32
            for (int s = 0; s < 16; s++) {
                scales[s] = b == 0 ? (s % 2 == 0 ? 0 : 63) : random.nextInt(64);
                bytes.or(base + 96 + s % 8, (scales[s] & 0x0F) << (s < 8 ? 0 : 4));
                bytes.or(base + 104 + s % 4, (scales[s] >> 4) << 2 * (s / 4));
            }
            for (int v = 0; v < QK; v++) {
                int q = b == 0 ? (v % 2 == 0 ? -4 : 3) : random.nextInt(8) - 4;
                bytes.or(base + 32 + 32 * (v / 128) + v % 32, (q & 3) << 2 * (v % 128 / 32));
                if (q >= 0) { // the high bit is stored set when 4 is NOT subtracted
                    bytes.or(base + v % 32, 1 << v / 32);
                }
                expected[b * QK + v] = (d * (scales[v / 16] - 32)) * q;
            }
        }
        assertArrayEquals(expected, bytes.decode(GgmlType.Q3_K));
    }

    @Test
    void q4_k() {
        BlockBytes bytes = new BlockBytes(BLOCKS * 144);
        float[] expected = new float[BLOCKS * QK];
        for (int b = 0; b < BLOCKS; b++) {
            int base = b * 144;
            float d = superScale(b);
            float dmin = superScale(b + 2);
            bytes.half(base, d).half(base + 2, dmin);
            int[][] scaleMin = packScalesAndMins(bytes, base + 4, b == 0);
            for (int v = 0; v < QK; v++) {
                int q = b == 0 ? 15 : random.nextInt(16);
                int sub = v / 32;
                bytes.or(base + 16 + 32 * (sub / 2) + v % 32, q << 4 * (sub % 2));
                expected[b * QK + v] = (d * scaleMin[0][sub]) * q - (dmin * scaleMin[1][sub]);
            }
        }
        assertArrayEquals(expected, bytes.decode(GgmlType.Q4_K));
    }

    @Test
    void q5_k() {
        BlockBytes bytes = new BlockBytes(BLOCKS * 176);
        float[] expected = new float[BLOCKS * QK];
        for (int b = 0; b < BLOCKS; b++) {
            int base = b * 176;
            float d = superScale(b);
            float dmin = superScale(b + 3);
            bytes.half(base, d).half(base + 2, dmin);
            int[][] scaleMin = packScalesAndMins(bytes, base + 4, b == 0);
            for (int v = 0; v < QK; v++) {
                int q = b == 0 ? 31 : random.nextInt(32);
                int sub = v / 32;
                bytes.or(base + 48 + 32 * (sub / 2) + v % 32, (q & 0x0F) << 4 * (sub % 2));
                bytes.or(base + 16 + v % 32, (q >> 4) << sub);
                expected[b * QK + v] = (d * scaleMin[0][sub]) * q - (dmin * scaleMin[1][sub]);
            }
        }
        assertArrayEquals(expected, bytes.decode(GgmlType.Q5_K));
    }

    @Test
    void q6_k() {
        BlockBytes bytes = new BlockBytes(BLOCKS * 210);
        float[] expected = new float[BLOCKS * QK];
        for (int b = 0; b < BLOCKS; b++) {
            int base = b * 210;
            float d = superScale(b);
            bytes.half(base + 208, d);
            int[] scales = new int[16];
            for (int s = 0; s < 16; s++) {
                scales[s] = b == 0 ? (s % 2 == 0 ? -128 : 127) : random.nextInt(256) - 128;
                bytes.put(base + 192 + s, scales[s]);
            }
            for (int v = 0; v < QK; v++) {
                int q = b == 0 ? (v % 2 == 0 ? 0 : 63) : random.nextInt(64); // stored; means q - 32
                int half = v / 128;
                int k = v % 128 / 32;
                bytes.or(base + 64 * half + 32 * (k % 2) + v % 32, (q & 0x0F) << 4 * (k / 2));
                bytes.or(base + 128 + 32 * half + v % 32, (q >> 4) << 2 * k);
                expected[b * QK + v] = (d * scales[v / 16]) * (q - 32);
            }
        }
        assertArrayEquals(expected, bytes.decode(GgmlType.Q6_K));
    }

    /**
     * Packs 8 six-bit scales and 8 six-bit mins into the 12 bytes at {@code at} as block_q4_K/q5_K keep
     * them, and returns {scales, mins}. With {@code extreme}, every scale and min is 63.
     */
    private int[][] packScalesAndMins(BlockBytes bytes, int at, boolean extreme) {
        int[] scales = new int[8];
        int[] mins = new int[8];
        for (int j = 0; j < 8; j++) {
            scales[j] = extreme ? 63 : random.nextInt(64);
            mins[j] = extreme ? 63 : random.nextInt(64);
            if (j < 4) {
                bytes.or(at + j, scales[j]).or(at + j + 4, mins[j]);
            } else {
                bytes.or(at + j + 4, (scales[j] & 0x0F) | (mins[j] & 0x0F) << 4);
                bytes.or(at + j - 4, (scales[j] >> 4) << 6);
                bytes.or(at + j, (mins[j] >> 4) << 6);
            }
        }
        return new int[][] {scales, mins};
    }

    /** A half-representable super-scale: block 1 gets -0, block 2 a negative one, the rest random. */
    private float superScale(int block) {
        float wanted = switch (block) {
            case 1 -> -0f;
            case 2 -> -0.0123f;
            default -> random.nextFloat() * 0.1f;
        };
        return Float.float16ToFloat(Float.floatToFloat16(wanted));
    }
}
