package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** The unquantized types F32, F16 and BF16, and the half-precision conversions the block formats use. */
public final class Floats {
    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Floats() {
    }

    /** IEEE half to float; exact, as ggml's lookup table. */
    public static float halfToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** bfloat16 to float: the top 16 bits of a float. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The little-endian half at byte {@code offset}, as a float. */
    static float readHalf(MemorySegment src, long offset) {
        return Float.float16ToFloat(src.get(I16_LE, offset));
    }

    static void decodeF32(MemorySegment src, long offset, float[] dst, int dstOffset, int n) {
        MemorySegment.copy(src, F32_LE, offset, dst, dstOffset, n);
    }

    static void decodeF16(MemorySegment src, long offset, float[] dst, int dstOffset, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = Float.float16ToFloat(src.get(I16_LE, offset + 2L * i));
        }
    }

    static void decodeBF16(MemorySegment src, long offset, float[] dst, int dstOffset, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = bf16ToFloat(src.get(I16_LE, offset + 2L * i));
        }
    }
}
