package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q5_K rows: Q4_K's layout plus 32 bytes of fifth bits, value {@code 32 * s + i} taking bit {@code s}
 * of byte {@code i}; summed as {@link Q4_KKernel} does, one sub-block per iteration.
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
            for (int sub = 0; sub < 8; sub++) {
                int xAt = xOffset + b * VALUES + SUB * sub;
                FloatVector quants = FloatVector.zero(FLOATS);
                FloatVector inputs = FloatVector.zero(FLOATS);
                for (int i = 0; i < SUB; i += LANES) {
                    FloatVector xv = Vectors.floats(x, xAt + i);
                    quants = quants(weights, at, sub, i).fma(xv, quants);
                    inputs = inputs.add(xv);
                }
                acc = Vectors.scaleAdd(quants, d * KScaleField.scale(weights, at + SCALES, sub), acc);
                acc = Vectors.scaleAdd(inputs, -dmin * KScaleField.min(weights, at + SCALES, sub), acc);
            }
        }
        return Vectors.sum(acc);
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            float dmin = Vectors.half(weights, at + 2);
            for (int sub = 0; sub < 8; sub++) {
                float scale = d * KScaleField.scale(weights, at + SCALES, sub);
                float min = -dmin * KScaleField.min(weights, at + SCALES, sub);
                for (int i = 0; i < SUB; i += LANES) {
                    quants(weights, at, sub, i).fma(scale, min).intoArray(dst, dstOffset + b * VALUES + SUB * sub + i);
                }
            }
        }
    }

    /** The 5-bit quants {@code i ..} of sub-block {@code sub}: a nibble as Q4_K's, bit {@code sub} of the fifth bits. */
    private static FloatVector quants(MemorySegment weights, long block, int sub, int i) {
        ByteVector packed = Vectors.bytes(weights, block + QS + SUB * (sub / 2) + i);
        ByteVector fifthBit = Vectors.bytes(weights, block + QH + i).lanewise(VectorOperators.LSHR, sub)
                .and((byte) 1).lanewise(VectorOperators.LSHL, 4);
        return Vectors.floats(Nibbles.nibble(packed, sub % 2).or(fifthBit));
    }
}
