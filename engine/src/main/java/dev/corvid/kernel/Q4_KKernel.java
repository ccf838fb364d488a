package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

/**
 * Q4_K rows (144 bytes per block): sub-blocks {@code 2j} and {@code 2j + 1} share 32 bytes of quants,
 * low and high nibbles; summed as every {@link KQuantKernel}.
 */
final class Q4_KKernel extends KQuantKernel {
    private static final int QS = 16;

    Q4_KKernel() {
        super(144);
    }

    /** Low nibbles for even sub-blocks, high for odd. */
    @Override
    FloatVector quants(MemorySegment weights, long block, int sub, int i) {
        ByteVector packed = Vectors.bytes(weights, block + QS + SUB * (sub / 2) + i);
        return Vectors.floats(Nibbles.nibble(packed, sub % 2));
    }
}
