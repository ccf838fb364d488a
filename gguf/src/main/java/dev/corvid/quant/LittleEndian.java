package dev.corvid.quant;

/** Little-endian stores into a block being assembled in a byte array, as the block structs lay them out. */
final class LittleEndian {
    private LittleEndian() {
    }

    static void putShort(byte[] block, int at, int value) {
        block[at] = (byte) value;
        block[at + 1] = (byte) (value >>> 8);
    }

    static void putInt(byte[] block, int at, int value) {
        putShort(block, at, value);
        putShort(block, at + 2, value >>> 16);
    }

    /** Stores {@code value} as a half (ggml's rounding) and returns the float that half stands for. */
    static float putHalf(byte[] block, int at, float value) {
        short half = Floats.floatToHalf(value);
        putShort(block, at, half);
        return Float.float16ToFloat(half);
    }
}
