package dev.corvid.quant;

import java.lang.foreign.MemorySegment;

/**
 * Tensor element types: ggml's id, its lower-case name, and the block each type packs its values
 * in. A quantized row of n values is n / blockSize blocks of bytesPerBlock bytes.
 */
public enum GgmlType {
    F32(0, "f32", 1, 4),
    F16(1, "f16", 1, 2),
    Q4_0(2, "q4_0", Q4_0Blocks.VALUES, Q4_0Blocks.BYTES),
    Q4_1(3, "q4_1", Q4_1Blocks.VALUES, Q4_1Blocks.BYTES),
    Q5_0(6, "q5_0", Q5_0Blocks.VALUES, Q5_0Blocks.BYTES),
    Q5_1(7, "q5_1", Q5_1Blocks.VALUES, Q5_1Blocks.BYTES),
    Q8_0(8, "q8_0", Q8_0Blocks.VALUES, Q8_0Blocks.BYTES),
    Q2_K(10, "q2_K", Q2_KBlocks.VALUES, Q2_KBlocks.BYTES),
    Q3_K(11, "q3_K", Q3_KBlocks.VALUES, Q3_KBlocks.BYTES),
    Q4_K(12, "q4_K", Q4_KBlocks.VALUES, Q4_KBlocks.BYTES),
    Q5_K(13, "q5_K", Q5_KBlocks.VALUES, Q5_KBlocks.BYTES),
    Q6_K(14, "q6_K", Q6_KBlocks.VALUES, Q6_KBlocks.BYTES),
    Q8_K(15, "q8_K", Q8_KBlocks.VALUES, Q8_KBlocks.BYTES),
    IQ4_NL(20, "iq4_nl", IQ4_NLBlocks.VALUES, IQ4_NLBlocks.BYTES),
    BF16(30, "bf16", 1, 2);

    private static final GgmlType[] BY_ID = new GgmlType[31];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final String ggmlName;
    private final int blockSize;
    private final int bytesPerBlock;

    GgmlType(int id, String ggmlName, int blockSize, int bytesPerBlock) {
        this.id = id;
        this.ggmlName = ggmlName;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    /** ggml's numeric type id, as stored in GGUF tensor infos. */
    public int id() {
        return id;
    }

    /** ggml's own name ({@code ggml_type_name}), e.g. {@code q4_K}. */
    public String ggmlName() {
        return ggmlName;
    }

    /** Values per block. */
    public int blockSize() {
        return blockSize;
    }

    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /** The type with ggml id {@code id}, or null when Corvid does not know it. */
    public static GgmlType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /**
     * Bytes taken by {@code elements} values, or -1 when {@code elements} is not a whole number of
     * blocks or the size overflows a long.
     */
    public long byteSize(long elements) {
        if (elements < 0 || elements % blockSize != 0) {
            return -1;
        }
        long blocks = elements / blockSize;
        return blocks > Long.MAX_VALUE / bytesPerBlock ? -1 : blocks * bytesPerBlock;
    }

    /**
     * Decodes {@code count} values (a whole number of blocks) starting at byte {@code offset} of
     * {@code src} into {@code dst[dstOffset..]}, bit-identical to ggml's {@code to_float}.
     */
    public void dequantize(MemorySegment src, long offset, float[] dst, int dstOffset, int count) {
        if (count % blockSize != 0) {
            throw new IllegalArgumentException(count + " values is not a whole number of " + this + " blocks");
        }
        decoder().decode(src, offset, dst, dstOffset, count / blockSize);
    }

    /**
     * Encodes {@code count} values (a whole number of blocks) from {@code src[srcOffset..]} into
     * {@code dst} at byte {@code offset}, bit-identical to the quantizer llama.cpp's
     * {@code llama_model_quantize} runs for this type without an importance matrix (the {@code _ref}
     * quantizers, and {@code quantize_iq4_nl} for IQ4_NL). Blocks are independent, so a tensor may be
     * encoded in any split of whole blocks, on any threads.
     *
     * <pre>{@code
     * MemorySegment q = arena.allocate(GgmlType.Q4_K.byteSize(row.length));
     * GgmlType.Q4_K.quantize(row, 0, q, 0, row.length);
     * }</pre>
     */
    public void quantize(float[] src, int srcOffset, MemorySegment dst, long offset, int count) {
        if (count % blockSize != 0) {
            throw new IllegalArgumentException(count + " values is not a whole number of " + this + " blocks");
        }
        encoder().encode(src, srcOffset, dst, offset, count / blockSize);
    }

    private BlockEncoder encoder() {
        return switch (this) {
            case F32 -> Floats::encodeF32;
            case F16 -> Floats::encodeF16;
            case BF16 -> Floats::encodeBF16;
            case Q4_0 -> Q4_0Blocks::encode;
            case Q4_1 -> Q4_1Blocks::encode;
            case Q5_0 -> Q5_0Blocks::encode;
            case Q5_1 -> Q5_1Blocks::encode;
            case Q8_0 -> Q8_0Blocks::encode;
            case Q2_K -> Q2_KBlocks::encode;
            case Q3_K -> Q3_KBlocks::encode;
            case Q4_K -> Q4_KBlocks::encode;
            case Q5_K -> Q5_KBlocks::encode;
            case Q6_K -> Q6_KBlocks::encode;
            case Q8_K -> Q8_KBlocks::encode;
            case IQ4_NL -> IQ4_NLBlocks::encode;
        };
    }

    private BlockDecoder decoder() {
        return switch (this) {
            case F32 -> Floats::decodeF32;
            case F16 -> Floats::decodeF16;
            case BF16 -> Floats::decodeBF16;
            case Q4_0 -> Q4_0Blocks::decode;
            case Q4_1 -> Q4_1Blocks::decode;
            case Q5_0 -> Q5_0Blocks::decode;
            case Q5_1 -> Q5_1Blocks::decode;
            case Q8_0 -> Q8_0Blocks::decode;
            case Q2_K -> Q2_KBlocks::decode;
            case Q3_K -> Q3_KBlocks::decode;
            case Q4_K -> Q4_KBlocks::decode;
            case Q5_K -> Q5_KBlocks::decode;
            case Q6_K -> Q6_KBlocks::decode;
            case Q8_K -> Q8_KBlocks::decode;
            case IQ4_NL -> IQ4_NLBlocks::decode;
        };
    }
}
