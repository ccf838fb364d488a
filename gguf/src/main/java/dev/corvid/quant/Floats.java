package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The unquantized types F32, F16 and BF16, and the half-precision conversions the block formats use.
 * Both narrowing conversions round to nearest, ties to even, as ggml's do; NaNs become ggml's quiet NaNs.
 */
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

    /**
     * Float to IEEE half, as ggml's {@code GGML_FP32_TO_FP16}: round to nearest even (subnormals and
     * overflow to infinity included, which {@link Float#floatToFloat16} already does), but every NaN
     * becomes the quiet NaN {@code 0x7E00} with the input's sign, where Java would keep payload bits.
     */
    public static short floatToHalf(float value) {
        if (Float.isNaN(value)) {
            return (short) ((Float.floatToRawIntBits(value) >>> 16 & 0x8000) | 0x7E00);
        }
        return Float.floatToFloat16(value);
    }

    /**
     * Float to bfloat16, as ggml's {@code GGML_FP32_TO_BF16}: the top 16 bits rounded to nearest even;
     * a NaN keeps its top bits with the quiet bit forced on.
     */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The float ggml stores as a half: {@code value} rounded to half precision and back. */
    static float roundToHalf(float value) {
        return Float.float16ToFloat(floatToHalf(value));
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

    static void encodeF32(float[] src, int srcOffset, MemorySegment dst, long offset, int n) {
        MemorySegment.copy(src, srcOffset, dst, F32_LE, offset, n);
    }

    static void encodeF16(float[] src, int srcOffset, MemorySegment dst, long offset, int n) {
        for (int i = 0; i < n; i++) {
            dst.set(I16_LE, offset + 2L * i, floatToHalf(src[srcOffset + i]));
        }
    }

    static void encodeBF16(float[] src, int srcOffset, MemorySegment dst, long offset, int n) {
        for (int i = 0; i < n; i++) {
            dst.set(I16_LE, offset + 2L * i, floatToBf16(src[srcOffset + i]));
        }
    }

    static void decodeBF16(MemorySegment src, long offset, float[] dst, int dstOffset, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = bf16ToFloat(src.get(I16_LE, offset + 2L * i));
        }
    }
}
