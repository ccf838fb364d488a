package dev.corvid.quant;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-built 32-value blocks (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL) against values worked out from
 * ggml-common.h's block definitions. Float comparisons are bitwise, so the sign of zero counts.
 */
class LegacyBlocksTest {

    @Test
    void q4_0ExtremeNibblesSpanMinusEightToSeven() {
        // low nibbles 15 -> +7, high nibbles 0 -> -8
        float[] x = new BlockBytes(18).half(0, 0.25f).fill(2, 18, 0x0F).decode(GgmlType.Q4_0);
        for (int j = 0; j < 16; j++) {
            assertEquals(1.75f, x[j]);
            assertEquals(-2f, x[j + 16]);
        }
    }

    @Test
    void q4_0NegativeZeroScaleKeepsTheSignRulesOfMultiplication() {
        // nibble 8 -> q 0, nibble 9 -> q +1, nibble 7 -> q -1
        BlockBytes block = new BlockBytes(18).halfBits(0, 0x8000);
        block.put(2, 0x98).put(3, 0x77);
        float[] x = block.decode(GgmlType.Q4_0);
        assertEquals(-0f, x[0]); // 0 * -0
        assertEquals(-0f, x[16]); // +1 * -0
        assertEquals(0f, x[1]); // -1 * -0
        assertEquals(0f, x[17]);
    }

    @Test
    void q4_1AddsTheMinimumAfterScaling() {
        BlockBytes block = new BlockBytes(20).half(0, 0.5f).half(2, -3f);
        for (int j = 0; j < 16; j++) {
            block.put(4 + j, j | (15 - j) << 4);
        }
        float[] x = block.decode(GgmlType.Q4_1);
        for (int j = 0; j < 16; j++) {
            assertEquals(j * 0.5f - 3f, x[j]);
            assertEquals((15 - j) * 0.5f - 3f, x[j + 16]);
        }
    }

    @Test
    void q5_0TakesTheFifthBitOfValueJFromBitJOfQh() {
        // only values 3 and 20 get their fifth bit; all nibbles 0
        float[] x = new BlockBytes(22).half(0, 1f).i32(2, 1 << 3 | 1 << 20).decode(GgmlType.Q5_0);
        for (int j = 0; j < 32; j++) {
            assertEquals(j == 3 || j == 20 ? 0f : -16f, x[j], "value " + j);
        }
    }

    @Test
    void q5_0ExtremesAreMinusSixteenAndFifteen() {
        // low half: nibble 15 + fifth bit -> +15; high half: nibble 0, no fifth bit -> -16
        float[] x = new BlockBytes(22).half(0, 2f).i32(2, 0x0000FFFF).fill(6, 22, 0x0F).decode(GgmlType.Q5_0);
        for (int j = 0; j < 16; j++) {
            assertEquals(30f, x[j]);
            assertEquals(-32f, x[j + 16]);
        }
    }

    @Test
    void q5_1ReadsItsFifthBitsAfterTheMinimum() {
        float[] x = new BlockBytes(24).half(0, 0.25f).half(2, 1f).i32(4, 0xFFFF0000).fill(8, 24, 0xF0)
                .decode(GgmlType.Q5_1);
        for (int j = 0; j < 16; j++) {
            assertEquals(1f, x[j]); // q 0
            assertEquals(31 * 0.25f + 1f, x[j + 16]); // q 15 | 16
        }
    }

    @Test
    void q8_0SignedBytesTimesTheLargestHalf() {
        BlockBytes block = new BlockBytes(2 * 34).half(0, 65504f).half(34, -0.5f);
        block.put(2, -128).put(3, 127).put(36, -128).put(37, 1);
        float[] x = block.decode(GgmlType.Q8_0);
        assertEquals(-128f * 65504f, x[0]);
        assertEquals(127f * 65504f, x[1]);
        assertEquals(0f, x[2]);
        assertEquals(64f, x[32]);
        assertEquals(-0.5f, x[33]);
        assertEquals(-0f, x[34]); // 0 * -0.5
    }

    @Test
    void iq4_nlLooksUpTheNonLinearLevels() {
        // value j gets level j, value j + 16 level 15 - j; the levels are kvalues_iq4nl doubled by d = 2
        BlockBytes block = new BlockBytes(18).half(0, 2f);
        for (int j = 0; j < 16; j++) {
            block.put(2 + j, j | (15 - j) << 4);
        }
        float[] doubledLevels = {-254, -208, -166, -130, -98, -70, -44, -20, 2, 26, 50, 76, 106, 138, 178, 226};
        float[] x = block.decode(GgmlType.IQ4_NL);
        for (int j = 0; j < 16; j++) {
            assertEquals(doubledLevels[j], x[j], "value " + j);
            assertEquals(doubledLevels[15 - j], x[j + 16], "value " + (j + 16));
        }
    }

    @Test
    void iq4_nlBlocksFollowEachOther() {
        BlockBytes block = new BlockBytes(36).half(0, 1f).half(18, -1f).fill(2, 18, 0x88).fill(20, 36, 0x00);
        float[] x = block.decode(GgmlType.IQ4_NL);
        float[] expected = new float[64];
        Arrays.fill(expected, 0, 32, 1f);
        Arrays.fill(expected, 32, 64, 127f);
        assertArrayEquals(expected, x);
    }
}
