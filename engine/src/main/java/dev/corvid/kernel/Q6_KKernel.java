package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q6_K rows: 256 values per block in 16 sub-blocks of 16, {@code x = d * scale * (q - 32)} with a
 * signed byte scale per sub-block. Each half of 128 values has 64 bytes of low nibbles ({@code ql})
 * and 32 bytes of high bit pairs ({@code qh}); column {@code c} of the half gives values
 * {@code c, 32 + c, 64 + c, 96 + c}: low nibbles of {@code ql[c]}, {@code ql[32 + c]}, then their
 * high nibbles, with bit pairs 0, 1, 2, 3 of {@code qh[c]}. One vector never spans two sub-blocks
 * (at most 16 lanes), so the scale is applied per vector.
 */
final class Q6_KKernel implements RowKernel {
    private static final int VALUES = 256;
    private static final int BYTES = 210;
    private static final int QH = 128;
    private static final int SCALES = 192;
    private static final int D = 208;
    private static final int COLUMNS = 32;
    private static final byte OFFSET = 32;

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at + D);
            for (int half = 0; half < 2; half++) {
                for (int c = 0; c < COLUMNS; c += LANES) {
                    ByteVector first = Vectors.bytes(weights, at + 64 * half + c);
                    ByteVector second = Vectors.bytes(weights, at + 64 * half + COLUMNS + c);
                    ByteVector highBits = Vectors.bytes(weights, at + QH + COLUMNS * half + c);
                    int value = 128 * half + c;
                    int xAt = xOffset + b * VALUES + value;
                    acc = values(Nibbles.low(first), highBits, 0, scale(weights, at, d, value))
                            .fma(Vectors.floats(x, xAt), acc);
                    acc = values(Nibbles.low(second), highBits, 1, scale(weights, at, d, value + 32))
                            .fma(Vectors.floats(x, xAt + 32), acc);
                    acc = values(Nibbles.high(first), highBits, 2, scale(weights, at, d, value + 64))
                            .fma(Vectors.floats(x, xAt + 64), acc);
                    acc = values(Nibbles.high(second), highBits, 3, scale(weights, at, d, value + 96))
                            .fma(Vectors.floats(x, xAt + 96), acc);
                }
            }
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at + D);
            for (int half = 0; half < 2; half++) {
                for (int c = 0; c < COLUMNS; c += LANES) {
                    ByteVector first = Vectors.bytes(weights, at + 64 * half + c);
                    ByteVector second = Vectors.bytes(weights, at + 64 * half + COLUMNS + c);
                    ByteVector highBits = Vectors.bytes(weights, at + QH + COLUMNS * half + c);
                    int value = 128 * half + c;
                    int out = dstOffset + b * VALUES + value;
                    values(Nibbles.low(first), highBits, 0, scale(weights, at, d, value)).intoArray(dst, out);
                    values(Nibbles.low(second), highBits, 1, scale(weights, at, d, value + 32)).intoArray(dst, out + 32);
                    values(Nibbles.high(first), highBits, 2, scale(weights, at, d, value + 64)).intoArray(dst, out + 64);
                    values(Nibbles.high(second), highBits, 3, scale(weights, at, d, value + 96)).intoArray(dst, out + 96);
                }
            }
        }
    }

    /** {@code scale * (q - 32)} where q joins {@code lowBits} and bit pair {@code pair} of {@code highBits}. */
    private static FloatVector values(ByteVector lowBits, ByteVector highBits, int pair, float scale) {
        ByteVector high = highBits.lanewise(VectorOperators.LSHR, 2 * pair).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
        return Vectors.floats(lowBits.or(high).sub(OFFSET)).mul(scale);
    }

    /** {@code d} times the scale of the sub-block holding {@code value}. */
    private static float scale(MemorySegment weights, long block, float d, int value) {
        return d * weights.get(ValueLayout.JAVA_BYTE, block + SCALES + value / 16);
    }
}
