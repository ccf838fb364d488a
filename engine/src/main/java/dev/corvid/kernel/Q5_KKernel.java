package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q5_K rows: Q4_K's layout plus 32 bytes of fifth bits, value {@code 32 * s + i} taking bit {@code s}
 * of byte {@code i}; summed as {@link Q4_KKernel} does.
 */
final class Q5_KKernel implements RowKernel {
    private static final int VALUES = 256;
    private static final int BYTES = 176;
    private static final int SCALES = 4;
    private static final int QH = 16;
    private static final int QS = 48;
    private static final int SUB = 32;

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            float dmin = Vectors.half(weights, at + 2);
            for (int pair = 0; pair < 4; pair++) {
                int xLow = xOffset + b * VALUES + 2 * SUB * pair;
                FloatVector lowQuants = FloatVector.zero(FLOATS);
                FloatVector highQuants = FloatVector.zero(FLOATS);
                FloatVector lowInputs = FloatVector.zero(FLOATS);
                FloatVector highInputs = FloatVector.zero(FLOATS);
                for (int i = 0; i < SUB; i += LANES) {
                    ByteVector packed = Vectors.bytes(weights, at + QS + SUB * pair + i);
                    ByteVector fifthBits = Vectors.bytes(weights, at + QH + i);
                    FloatVector xl = Vectors.floats(x, xLow + i);
                    FloatVector xh = Vectors.floats(x, xLow + SUB + i);
                    lowQuants = low(packed, fifthBits, pair).fma(xl, lowQuants);
                    highQuants = high(packed, fifthBits, pair).fma(xh, highQuants);
                    lowInputs = lowInputs.add(xl);
                    highInputs = highInputs.add(xh);
                }
                long field = at + SCALES;
                acc = Vectors.scaleAdd(lowQuants, d * KScaleField.scale(weights, field, 2 * pair), acc);
                acc = Vectors.scaleAdd(highQuants, d * KScaleField.scale(weights, field, 2 * pair + 1), acc);
                acc = Vectors.scaleAdd(lowInputs, -dmin * KScaleField.min(weights, field, 2 * pair), acc);
                acc = Vectors.scaleAdd(highInputs, -dmin * KScaleField.min(weights, field, 2 * pair + 1), acc);
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            float dmin = Vectors.half(weights, at + 2);
            long field = at + SCALES;
            for (int pair = 0; pair < 4; pair++) {
                float lowScale = d * KScaleField.scale(weights, field, 2 * pair);
                float highScale = d * KScaleField.scale(weights, field, 2 * pair + 1);
                float lowMin = -dmin * KScaleField.min(weights, field, 2 * pair);
                float highMin = -dmin * KScaleField.min(weights, field, 2 * pair + 1);
                int out = dstOffset + b * VALUES + 2 * SUB * pair;
                for (int i = 0; i < SUB; i += LANES) {
                    ByteVector packed = Vectors.bytes(weights, at + QS + SUB * pair + i);
                    ByteVector fifthBits = Vectors.bytes(weights, at + QH + i);
                    low(packed, fifthBits, pair).fma(lowScale, lowMin).intoArray(dst, out + i);
                    high(packed, fifthBits, pair).fma(highScale, highMin).intoArray(dst, out + SUB + i);
                }
            }
        }
    }

    /** Sub-block {@code 2 * pair}: low nibbles, fifth bit {@code 2 * pair}. */
    private static FloatVector low(ByteVector packed, ByteVector fifthBits, int pair) {
        return Vectors.floats(Nibbles.low(packed).or(fifthBit(fifthBits, 2 * pair)));
    }

    /** Sub-block {@code 2 * pair + 1}: high nibbles, fifth bit {@code 2 * pair + 1}. */
    private static FloatVector high(ByteVector packed, ByteVector fifthBits, int pair) {
        return Vectors.floats(Nibbles.high(packed).or(fifthBit(fifthBits, 2 * pair + 1)));
    }

    /** Bit {@code sub} of each lane, moved to bit 4. */
    private static ByteVector fifthBit(ByteVector fifthBits, int sub) {
        return fifthBits.lanewise(VectorOperators.LSHR, sub).and((byte) 1).lanewise(VectorOperators.LSHL, 4);
    }
}
