package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q4_K rows: 256 values per block in 8 sub-blocks of 32, {@code x = d * scale * q - dmin * min}
 * (see {@link KScaleField}). Sub-blocks {@code 2j} and {@code 2j + 1} share 32 bytes, low and high
 * nibbles. A sub-block contributes {@code d * scale * sum(q * x) - dmin * min * sum(x)}: both sums run
 * unscaled and are scaled once per sub-block. The loop body handles one sub-block, so that it stays
 * small enough for C2 to inline every vector operation (a body unrolled by hand over sub-blocks was
 * not, and its vectors ended up boxed on the heap).
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

    /** The 4-bit quants {@code i ..} of sub-block {@code sub}: low nibbles for even sub-blocks, high for odd. */
    private static FloatVector quants(MemorySegment weights, long block, int sub, int i) {
        ByteVector packed = Vectors.bytes(weights, block + QS + SUB * (sub / 2) + i);
        return Vectors.floats(Nibbles.nibble(packed, sub % 2));
    }
}
