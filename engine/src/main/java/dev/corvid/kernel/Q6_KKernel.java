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
 * (at most 16 lanes), so the scale is applied per vector. The loop body is one vector of values: a
 * body unrolled by hand over the four values of a column was too large for C2 to inline every
 * vector operation, and its vectors were boxed on the heap.
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
            for (int value = 0; value < VALUES; value += LANES) {
                acc = values(weights, at, d, value).fma(Vectors.floats(x, xOffset + b * VALUES + value), acc);
            }
        }
        return Vectors.sum(acc);
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at + D);
            for (int value = 0; value < VALUES; value += LANES) {
                values(weights, at, d, value).intoArray(dst, dstOffset + b * VALUES + value);
            }
        }
    }

    /** Values {@code value ..} of the block: {@code d * scale * (q - 32)}. */
    private static FloatVector values(MemorySegment weights, long block, float d, int value) {
        int half = value / 128;
        int k = (value % 128) / COLUMNS;
        int column = value % COLUMNS;
        ByteVector packed = Vectors.bytes(weights, block + 64 * half + COLUMNS * (k % 2) + column);
        ByteVector highBits = Vectors.bytes(weights, block + QH + COLUMNS * half + column)
                .lanewise(VectorOperators.LSHR, 2 * k).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
        ByteVector quants = Nibbles.nibble(packed, k / 2).or(highBits).sub(OFFSET);
        float scale = d * weights.get(ValueLayout.JAVA_BYTE, block + SCALES + value / 16);
        return Vectors.floats(quants).mul(scale);
    }
}
