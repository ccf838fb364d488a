package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q4_1 rows (half {@code d} and {@code m}, 16 bytes of nibbles per 32 values, {@code x = d * q + m}):
 * a block contributes {@code d * sum(q * x) + m * sum(x)}, so both sums run unscaled.
 */
final class Q4_1Kernel implements RowKernel {
    private static final int VALUES = 32;
    private static final int BYTES = 20;
    private static final int QS = 4;

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            int xAt = xOffset + b * VALUES;
            FloatVector quantSum = FloatVector.zero(FLOATS);
            FloatVector inputSum = FloatVector.zero(FLOATS);
            for (int i = 0; i < VALUES / 2; i += LANES) {
                ByteVector packed = Vectors.bytes(weights, at + QS + i);
                FloatVector xLow = Vectors.floats(x, xAt + i);
                FloatVector xHigh = Vectors.floats(x, xAt + VALUES / 2 + i);
                quantSum = Vectors.floats(Nibbles.low(packed)).fma(xLow, quantSum);
                quantSum = Vectors.floats(Nibbles.high(packed)).fma(xHigh, quantSum);
                inputSum = inputSum.add(xLow).add(xHigh);
            }
            acc = Vectors.scaleAdd(quantSum, Vectors.half(weights, at), acc);
            acc = Vectors.scaleAdd(inputSum, Vectors.half(weights, at + 2), acc);
        }
        return Vectors.sum(acc);
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            float m = Vectors.half(weights, at + 2);
            int out = dstOffset + b * VALUES;
            for (int i = 0; i < VALUES / 2; i += LANES) {
                ByteVector packed = Vectors.bytes(weights, at + QS + i);
                Vectors.floats(Nibbles.low(packed)).fma(d, m).intoArray(dst, out + i);
                Vectors.floats(Nibbles.high(packed)).fma(d, m).intoArray(dst, out + VALUES / 2 + i);
            }
        }
    }
}
