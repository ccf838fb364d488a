package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q5_0 rows (half {@code d}, a 32-bit word of fifth bits, 16 bytes of nibbles per 32 values,
 * {@code x = d * (q - 16)}): the fifth bits become a lane mask that sets bit 4 where they are one.
 */
final class Q5_0Kernel implements RowKernel {
    private static final int VALUES = 32;
    private static final int BYTES = 22;
    private static final int QH = 2;
    private static final int QS = 6;
    private static final byte OFFSET = 16;

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            int xAt = xOffset + b * VALUES;
            int fifthBits = Vectors.int32(weights, at + QH);
            FloatVector block = FloatVector.zero(FLOATS);
            for (int i = 0; i < VALUES / 2; i += LANES) {
                ByteVector packed = Vectors.bytes(weights, at + QS + i);
                block = low(packed, fifthBits, i).fma(Vectors.floats(x, xAt + i), block);
                block = high(packed, fifthBits, i).fma(Vectors.floats(x, xAt + VALUES / 2 + i), block);
            }
            acc = Vectors.scaleAdd(block, Vectors.half(weights, at), acc);
        }
        return Vectors.sum(acc);
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            int fifthBits = Vectors.int32(weights, at + QH);
            int out = dstOffset + b * VALUES;
            for (int i = 0; i < VALUES / 2; i += LANES) {
                ByteVector packed = Vectors.bytes(weights, at + QS + i);
                low(packed, fifthBits, i).mul(d).intoArray(dst, out + i);
                high(packed, fifthBits, i).mul(d).intoArray(dst, out + VALUES / 2 + i);
            }
        }
    }

    /** Values {@code i ..} of the block, as {@code q - 16}. */
    private static FloatVector low(ByteVector packed, int fifthBits, int i) {
        return Vectors.floats(Nibbles.withFifthBits(Nibbles.low(packed), fifthBits, i).sub(OFFSET));
    }

    /** Values {@code 16 + i ..} of the block, as {@code q - 16}. */
    private static FloatVector high(ByteVector packed, int fifthBits, int i) {
        return Vectors.floats(Nibbles.withFifthBits(Nibbles.high(packed), fifthBits, VALUES / 2 + i).sub(OFFSET));
    }
}
