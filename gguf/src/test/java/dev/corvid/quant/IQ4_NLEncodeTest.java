package dev.corvid.quant;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * IQ4_NL never appears in the shared files (llama.cpp only falls back to it from IQ types), so its
 * encoder is checked on blocks whose bytes follow from {@code quantize_iq4_nl} by hand.
 */
class IQ4_NLEncodeTest {
    private static final byte[] LEVELS = IQ4_NLBlocks.LEVELS;

    private static byte[] encode(float[] x) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(GgmlType.IQ4_NL.byteSize(x.length));
            GgmlType.IQ4_NL.quantize(x, 0, out, 0, x.length);
            return out.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The bytes of a block whose every value j sits exactly on level j % 16 with scale d. */
    private static byte[] levelsBlock(float d) {
        byte[] expected = new byte[18];
        short half = Float.floatToFloat16(d);
        expected[0] = (byte) half;
        expected[1] = (byte) (half >> 8);
        for (int j = 0; j < 16; j++) {
            expected[2 + j] = (byte) (j | j << 4);
        }
        return expected;
    }

    @Test
    void valuesOnTheLevelsGiveThoseLevelsAndTheirScale() {
        // The first guess maps the extreme value (-1.27, level -127) to level -127 with d = -0.01, a poor
        // fit; the trial with t = 0 maps it with d = +0.01, a perfect fit no other trial beats.
        float[] x = new float[32];
        for (int j = 0; j < 32; j++) {
            x[j] = 0.01f * LEVELS[j % 16];
        }
        assertArrayEquals(levelsBlock(0.01f), encode(x));
    }

    @Test
    void mirroredValuesGetANegativeScale() {
        // Now the extreme value is +1.27: only a negative scale puts every value on a level (the table is
        // not symmetric, so -level is not a level).
        float[] x = new float[32];
        for (int j = 0; j < 32; j++) {
            x[j] = -0.01f * LEVELS[j % 16];
        }
        assertArrayEquals(levelsBlock(-0.01f), encode(x));
    }

    @Test
    void anAllZeroBlockHasScaleZeroAndTheLevelNearestZero() {
        byte[] expected = new byte[18];
        for (int j = 2; j < 18; j++) {
            expected[j] = (byte) 0x88; // level 8 is +1, the nearest to 0
        }
        assertArrayEquals(expected, encode(new float[32]));
    }

    @Test
    void nearestLevelBreaksExactTiesUpwards() {
        assertEquals(0, IQ4_NLBlocks.nearestLevel(-1000f));
        assertEquals(1, IQ4_NLBlocks.nearestLevel(-115.5f)); // halfway between -127 and -104
        assertEquals(0, IQ4_NLBlocks.nearestLevel(-115.51f));
        assertEquals(8, IQ4_NLBlocks.nearestLevel(-4.5f)); // halfway between -10 and 1
        assertEquals(15, IQ4_NLBlocks.nearestLevel(1000f));
    }
}
