package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;

/**
 * The encodings that {@link Repacker} rewrites slow file formats into at load (fast mode only). Each
 * decodes to exactly the values ggml's dequantization gives for the original blocks (the same float
 * products, already multiplied where ggml multiplies two scales), but with one byte per value (or one
 * nibble, for 4-bit quants whose halves a mask and a shift separate) and float scales, so that a kernel
 * spends one byte load, one conversion and one multiply-add per lane, as for Q8_0.
 *
 * <pre>
 * Q8_0     ggml's own Q8_0: per 32 values a half scale d and 32 signed bytes; x = q * d
 * Q8_S16   per 256 values: 16 float scales (one per 16 values), 256 signed bytes; x = scale * q
 * Q8_SM32  per 256 values: 8 float scales, 8 float mins (one each per 32 values), 256 bytes;
 *          x = scale * q - min
 * Q4_SM32  as Q8_SM32 with two quants per byte: per 32 values 16 bytes, byte i holding quant i
 *          (low nibble) and quant i + 16 (high nibble)
 * </pre>
 */
public enum PackedLayout {
    Q8_0(GgmlType.Q8_0.blockSize(), GgmlType.Q8_0.bytesPerBlock()),
    Q8_S16(Q8S16Kernel.VALUES, Q8S16Kernel.BYTES),
    Q8_SM32(ScaleMinKernel.VALUES, ScaleMinKernel.ByteQuants.BYTES),
    Q4_SM32(ScaleMinKernel.VALUES, ScaleMinKernel.NibbleQuants.BYTES);

    private final int blockValues;
    private final int blockBytes;

    PackedLayout(int blockValues, int blockBytes) {
        this.blockValues = blockValues;
        this.blockBytes = blockBytes;
    }

    public int blockValues() {
        return blockValues;
    }

    public int blockBytes() {
        return blockBytes;
    }

    /** Bytes of {@code values} values, a whole number of blocks. */
    public long byteSize(long values) {
        return values / blockValues * blockBytes;
    }

    /** The layout's kernel: vector when the Vector API is usable, else decode-then-dot in index order. */
    RowKernel kernel() {
        if (!VectorSupport.ENABLED) {
            return new ScalarPackedKernel(this);
        }
        return switch (this) {
            case Q8_0 -> RowKernel.forType(GgmlType.Q8_0);
            case Q8_S16 -> new Q8S16Kernel();
            case Q8_SM32 -> new ScaleMinKernel.ByteQuants();
            case Q4_SM32 -> new ScaleMinKernel.NibbleQuants();
        };
    }
}
