package dev.corvid.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * RoPE paths the golden models do not reach (frequency factors, linear scaling), checked through
 * identities that hold bit for bit because they only scale by powers of two; and the pairing of
 * each style.
 */
class RopeTest {
    private static final int DIMS = 8;

    @Test
    void positionZeroLeavesHeadsUnchanged() {
        Rope rope = new Rope(RopeStyle.NEOX, DIMS, 10000f, 1f, null);
        float[] cosSin = new float[DIMS];
        rope.angles(0, cosSin);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        rope.rotate(x, 0, 2, DIMS, cosSin);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, x);
    }

    @Test
    void normalPairsNeighboursAndNeoxPairsHalves() {
        float[] normal = rotatedUnitVector(RopeStyle.NORMAL);
        assertNotEquals(0f, normal[1]);
        assertEquals(0f, normal[DIMS / 2]);
        float[] neox = rotatedUnitVector(RopeStyle.NEOX);
        assertEquals(0f, neox[1]);
        assertNotEquals(0f, neox[DIMS / 2]);
    }

    @Test
    void linearScalingByFourTurnsPositionFourLikePositionOne() {
        float[] scaled = new float[DIMS];
        new Rope(RopeStyle.NORMAL, DIMS, 10000f, 0.25f, null).angles(4, scaled);
        float[] plain = new float[DIMS];
        new Rope(RopeStyle.NORMAL, DIMS, 10000f, 1f, null).angles(1, plain);
        assertArrayEquals(plain, scaled);
    }

    @Test
    void frequencyFactorsDivideTheAngles() {
        float[] halvedByFactors = new float[DIMS];
        new Rope(RopeStyle.NORMAL, DIMS, 500000f, 1f, new float[] {2, 2, 2, 2}).angles(37, halvedByFactors);
        float[] halvedByScale = new float[DIMS];
        new Rope(RopeStyle.NORMAL, DIMS, 500000f, 0.5f, null).angles(37, halvedByScale);
        assertArrayEquals(halvedByScale, halvedByFactors);
    }

    private static float[] rotatedUnitVector(RopeStyle style) {
        Rope rope = new Rope(style, DIMS, 10000f, 1f, null);
        float[] cosSin = new float[DIMS];
        rope.angles(3, cosSin);
        float[] x = new float[DIMS];
        x[0] = 1;
        rope.rotate(x, 0, 1, DIMS, cosSin);
        return x;
    }
}
