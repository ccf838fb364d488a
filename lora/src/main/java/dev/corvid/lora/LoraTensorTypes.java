package dev.corvid.lora;

import dev.corvid.gguf.GgufFormatException;
import dev.corvid.quant.GgmlType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * The tensor types adapter factors may have: those llama.cpp's CPU matmul takes for them and that a
 * rank-sized row can hold. Quantized types need rows of whole blocks (32 values for Q8_0), so a Q8_0
 * {@code lora_b} needs a rank that is a multiple of 32.
 */
final class LoraTensorTypes {
    static final Set<GgmlType> SUPPORTED = Set.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0);

    private LoraTensorTypes() {
    }

    /** Fails unless {@code type} may hold a factor whose rows are {@code rowLength} long; {@code where} names it. */
    static void check(GgmlType type, long rowLength, String where) {
        if (!SUPPORTED.contains(type)) {
            throw new GgufFormatException(where + ": type " + type + " is not supported for LoRA tensors (supported: "
                    + "F32, F16, BF16, Q8_0)");
        }
        if (rowLength % type.blockSize() != 0) {
            throw new GgufFormatException(where + ": rows of " + rowLength + " values do not fill whole " + type
                    + " blocks of " + type.blockSize());
        }
    }

    /** {@code values} (rows of {@code rowLength}) encoded in {@code type} and decoded again. */
    static float[] roundTrip(float[] values, int rowLength, GgmlType type, String where) {
        check(type, rowLength, where);
        if (type == GgmlType.F32) {
            return values.clone();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment encoded = encode(values, type, arena);
            float[] decoded = new float[values.length];
            type.dequantize(encoded, 0, decoded, 0, decoded.length);
            return decoded;
        }
    }

    static MemorySegment encode(float[] values, GgmlType type, Arena arena) {
        MemorySegment encoded = arena.allocate(type.byteSize(values.length), 64);
        type.quantize(values, 0, encoded, 0, values.length);
        return encoded;
    }
}
