package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q4_K rows: 256 values per block in 8 sub-blocks of 32, {@code x = d * scale * q - dmin * min}
 * (see {@link KScaleField}). Sub-blocks {@code 2j} and {@code 2j + 1} share 32 bytes, low and high
 * nibbles. A sub-block contributes {@code d * scale * sum(q * x) - dmin * min * sum(x)}: both sums run
 * unscaled and are scaled once per sub-block.
 */
final class Q4_KKernel implements RowKernel {
    private static final int VALUES = 256;
    private static final int BYTES = 144;
    private static final int SCALES = 4;
    private static final int QS = 16;
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
                    FloatVector xl = Vectors.floats(x, xLow + i);
                    FloatVector xh = Vectors.floats(x, xLow + SUB + i);
                    lowQuants = Vectors.floats(Nibbles.low(packed)).fma(xl, lowQuants);
                    highQuants = Vectors.floats(Nibbles.high(packed)).fma(xh, highQuants);
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
                    Vectors.floats(Nibbles.low(packed)).fma(lowScale, lowMin).intoArray(dst, out + i);
                    Vectors.floats(Nibbles.high(packed)).fma(highScale, highMin).intoArray(dst, out + SUB + i);
                }
            }
        }
    }
}
