package dev.corvid.quant;

/**
 * The 12-byte field of 6-bit scales and mins that Q4_K and Q5_K share: eight sub-block scales and eight
 * sub-block mins. Sub-blocks 0..3 keep both in the low six bits of bytes 0..3 (scale) and 4..7 (min);
 * sub-blocks 4..7 keep their low four bits in the nibbles of bytes 8..11 and borrow the otherwise unused
 * top two bits of bytes 0..7 for their high bits.
 */
final class KScales {
    static final int BYTES = 12;

    private KScales() {
    }

    /** The 6-bit scale of sub-block {@code j} (0..7). */
    static int scale(byte[] packed, int j) {
        if (j < 4) {
            return packed[j] & 63;
        }
        return (packed[j + 4] & 0x0F) | ((packed[j - 4] & 0xFF) >>> 6 << 4);
    }

    /** The 6-bit min of sub-block {@code j} (0..7). */
    static int min(byte[] packed, int j) {
        if (j < 4) {
            return packed[j + 4] & 63;
        }
        return ((packed[j + 4] & 0xFF) >>> 4) | ((packed[j] & 0xFF) >>> 6 << 4);
    }

    /** Stores sub-block {@code j}'s 6-bit scale and min; sub-blocks must be stored in order 0..7. */
    static void pack(byte[] packed, int j, int scale, int min) {
        if (j < 4) {
            packed[j] = (byte) scale;
            packed[j + 4] = (byte) min;
        } else {
            packed[j + 4] = (byte) ((scale & 0x0F) | (min & 0x0F) << 4);
            packed[j - 4] |= (byte) (scale >>> 4 << 6);
            packed[j] |= (byte) (min >>> 4 << 6);
        }
    }
}
