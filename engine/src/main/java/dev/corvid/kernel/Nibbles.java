package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Unpacking of the 4-bit formats, on byte lanes. The 32-value blocks (Q4_0, Q4_1, Q5_0, Q5_1) keep
 * value {@code j} in the low nibble of byte {@code j} and value {@code j + 16} in its high nibble; the
 * 5-bit ones add a 32-bit word whose bit {@code j} is the fifth bit of value {@code j}.
 */
final class Nibbles {
    private Nibbles() {
    }

    static ByteVector low(ByteVector packed) {
        return packed.and((byte) 0x0F);
    }

    /**
     * Shifted as 32-bit lanes, then masked: x86 has no byte shift, and a shift of byte lanes compiles to
     * several instructions (widen, shift, narrow).
     */
    static ByteVector high(ByteVector packed) {
        return packed.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    /** The low ({@code which == 0}) or high ({@code which == 1}) nibbles, without a branch. */
    static ByteVector nibble(ByteVector packed, int which) {
        return packed.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4 * which).reinterpretAsBytes()
                .and((byte) 0x0F);
    }

    /**
     * {@code nibbles} with bit 4 set in the lanes whose bit of {@code fifthBits >>> firstValue} is set:
     * lane {@code i} holds value {@code firstValue + i}.
     */
    static ByteVector withFifthBits(ByteVector nibbles, int fifthBits, int firstValue) {
        return nibbles.lanewise(VectorOperators.OR, (byte) 16, VectorMask.fromLong(Vectors.BYTES, fifthBits >>> firstValue));
    }
}
