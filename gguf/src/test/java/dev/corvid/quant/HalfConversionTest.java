package dev.corvid.quant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Floats#floatToHalf} and {@link Floats#floatToBf16} against ggml's conversions, re-derived here
 * from their definitions in ggml-impl.h: the half one scales the magnitude so the float adder itself
 * rounds the mantissa to 10 bits (or to the subnormal grid), the bfloat16 one adds a rounding bias.
 */
class HalfConversionTest {

    /** ggml's {@code ggml_compute_fp32_to_fp16}, written out as the specification to compare with. */
    private static short ggmlHalf(float f) {
        float base = (Math.abs(f) * 0x1.0p+112f) * 0x1.0p-110f;
        int w = Float.floatToRawIntBits(f);
        int twice = w + w;
        int sign = w & 0x80000000;
        int bias = twice & 0xFF000000;
        if (Integer.compareUnsigned(bias, 0x71000000) < 0) {
            bias = 0x71000000;
        }
        base = Float.intBitsToFloat((bias >>> 1) + 0x07800000) + base;
        int bits = Float.floatToRawIntBits(base);
        int nonSign = ((bits >>> 13) & 0x7C00) + (bits & 0x0FFF);
        return (short) ((sign >>> 16) | (Integer.compareUnsigned(twice, 0xFF000000) > 0 ? 0x7E00 : nonSign));
    }

    @Test
    void halfMatchesGgmlOnASweepOfAllFloatsAndOnEveryEdge() {
        // every 97th bit pattern (both signs, all exponents, NaNs and infinities) ...
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 97) {
            assertSameHalf(Float.intBitsToFloat((int) bits));
        }
        // ... and every pattern near the edges: ties between halves, the subnormal range, overflow
        float[] edges = {0f, 65504f, 65519.996f, 65520f, 0x1.0p-14f, 0x1.0p-24f, 0x1.0p-25f, 0x1.8p-25f, 1f, 2049f};
        for (float e : edges) {
            int center = Float.floatToRawIntBits(e);
            for (int d = -4096; d <= 4096; d++) {
                assertSameHalf(Float.intBitsToFloat(center + d));
                assertSameHalf(-Float.intBitsToFloat(center + d));
            }
        }
    }

    private static void assertSameHalf(float f) {
        assertEquals(ggmlHalf(f), Floats.floatToHalf(f), () -> "float bits " + Integer.toHexString(Float.floatToRawIntBits(f)));
    }

    @Test
    void bf16RoundsToNearestEvenAndQuietsNaNs() {
        assertEquals((short) 0x3F80, Floats.floatToBf16(1f));
        assertEquals((short) 0x3F80, Floats.floatToBf16(Float.intBitsToFloat(0x3F808000))); // tie, even below
        assertEquals((short) 0x3F82, Floats.floatToBf16(Float.intBitsToFloat(0x3F818000))); // tie, even above
        assertEquals((short) 0x3F81, Floats.floatToBf16(Float.intBitsToFloat(0x3F808001)));
        assertEquals((short) 0x7F80, Floats.floatToBf16(Float.intBitsToFloat(0x7F7FFFFF))); // rounds up to infinity
        assertEquals((short) 0xFFC1, Floats.floatToBf16(Float.intBitsToFloat(0xFF810000))); // signalling NaN made quiet
    }
}
