package dev.corvid.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 12-byte field of Q4_K and Q5_K holding eight 6-bit sub-block scales and eight 6-bit mins,
 * read in place: sub-blocks 0..3 keep them in the low six bits of bytes 0..3 and 4..7; sub-blocks
 * 4..7 keep their low four bits in the nibbles of bytes 8..11 and their top two bits in the top
 * bits of bytes 0..7.
 */
final class KScaleField {
    static final int BYTES = 12;

    private KScaleField() {
    }

    static int scale(MemorySegment weights, long field, int sub) {
        if (sub < 4) {
            return at(weights, field, sub) & 63;
        }
        return (at(weights, field, sub + 4) & 0x0F) | (at(weights, field, sub - 4) >>> 6 << 4);
    }

    static int min(MemorySegment weights, long field, int sub) {
        if (sub < 4) {
            return at(weights, field, sub + 4) & 63;
        }
        return (at(weights, field, sub + 4) >>> 4) | (at(weights, field, sub) >>> 6 << 4);
    }

    private static int at(MemorySegment weights, long field, int index) {
        return weights.get(ValueLayout.JAVA_BYTE, field + index) & 0xFF;
    }
}
