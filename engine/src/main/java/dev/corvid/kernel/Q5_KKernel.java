package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

/**
 * Q5_K rows (176 bytes per block): Q4_K's layout plus 32 bytes of fifth bits, value {@code 32 * s + i}
 * taking bit {@code s} of byte {@code i}; summed as every {@link KQuantKernel}.
 */
final class Q5_KKernel extends KQuantKernel {
    private static final int QH = 16;
    private static final int QS = 48;

    Q5_KKernel() {
        super(176);
    }

    /** A nibble as Q4_K's, and bit {@code sub} of the fifth bits. */
    @Override
    FloatVector quants(MemorySegment weights, long block, int sub, int i) {
        ByteVector packed = Vectors.bytes(weights, block + QS + SUB * (sub / 2) + i);
        ByteVector fifthBit = Vectors.bytes(weights, block + QH + i).lanewise(VectorOperators.LSHR, sub)
                .and((byte) 1).lanewise(VectorOperators.LSHL, 4);
        return Vectors.floats(Nibbles.nibble(packed, sub % 2).or(fifthBit));
    }
}
