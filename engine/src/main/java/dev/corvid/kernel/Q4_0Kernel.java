package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q4_0 rows (a half scale {@code d} and 16 bytes of nibbles per 32 values, {@code x = d * (q - 8)}):
 * each byte vector gives a low-nibble and a high-nibble float vector, 16 values apart.
 */
final class Q4_0Kernel extends MultiRowKernel {
    private static final int VALUES = 32;
    private static final int BYTES = 18;
    private static final int QS = 2;
    private static final byte OFFSET = 8;

    @Override
    float rows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset, int n,
               float[] out, int outOffset) {
        float sum = 0f;
        for (int r = 0; r < nRows; r++) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int b = 0; b < n / VALUES; b++) {
                long at = offset + r * rowBytes + (long) b * BYTES;
                int xAt = xOffset + b * VALUES;
                FloatVector block = FloatVector.zero(FLOATS);
                for (int i = 0; i < VALUES / 2; i += LANES) {
                    ByteVector packed = Vectors.bytes(weights, at + QS + i);
                    block = low(packed).fma(Vectors.floats(x, xAt + i), block);
                    block = high(packed).fma(Vectors.floats(x, xAt + VALUES / 2 + i), block);
                }
                acc = Vectors.scaleAdd(block, Vectors.half(weights, at), acc);
            }
            sum = Vectors.sum(acc);
            if (out != null) {
                out[outOffset + r] = sum;
            }
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            int out = dstOffset + b * VALUES;
            for (int i = 0; i < VALUES / 2; i += LANES) {
                ByteVector packed = Vectors.bytes(weights, at + QS + i);
                low(packed).mul(d).intoArray(dst, out + i);
                high(packed).mul(d).intoArray(dst, out + VALUES / 2 + i);
            }
        }
    }

    private static FloatVector low(ByteVector packed) {
        return Vectors.floats(Nibbles.low(packed).sub(OFFSET));
    }

    private static FloatVector high(ByteVector packed) {
        return Vectors.floats(Nibbles.high(packed).sub(OFFSET));
    }
}
