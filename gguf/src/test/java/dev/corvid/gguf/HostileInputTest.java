package dev.corvid.gguf;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.corvid.gguf.Parsing.assertRefused;
import static dev.corvid.gguf.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files built to break a parser. Each is refused with a {@link GgufFormatException} saying what is wrong
 * and where. The classes of llama.cpp's GGUF CVEs each have a test named after the CVE.
 */
class HostileInputTest {
    private static final long HUGE = 1L << 62;

    /** One F32 tensor of {@code dims} at data offset {@code offset}, with {@code dataBytes} of data. */
    private static byte[] tensorFile(long[] dims, int typeId, long offset, int dataBytes) {
        return GgufBytes.header(3, 1, 0).tensorInfo("w", dims, typeId, offset).padTo(32).zeros(dataBytes).toArray();
    }

    // --- the header ---

    @Test
    void emptyFile() {
        assertRefused(new byte[0], "not a GGUF file");
    }

    @Test
    void wrongMagic() {
        byte[] bytes = GgufBytes.header(3, 0, 0).toArray();
        bytes[0] = 'F';
        assertRefused(bytes, "not a GGUF file", "at byte 0");
    }

    /** Whatever the cut, a file missing its end is refused, never read past. */
    @Test
    void everyTruncationIsRefused() {
        byte[] whole = GgufBytes.header(3, 2, 2)
                .kv("general.name", GgufValueType.STRING).string("tiny")
                .kvArray("ids", GgufValueType.INT32, 2).u32(1).u32(2)
                .tensorInfo("a", new long[] {4}, GgufBytes.F32, 0)
                .tensorInfo("b", new long[] {2, 2}, GgufBytes.F32, 32)
                .padTo(32).zeros(48).toArray();
        try (GgufFile f = parse(whole)) {
            assertEquals(2, f.tensors().size());
        }
        for (int length = 0; length < whole.length; length++) {
            assertRefused(Arrays.copyOf(whole, length));
        }
    }

    /** CVE-2024-23605: a huge n_kv made llama.cpp allocate and loop for entries that are not there. */
    @Test
    void cve_2024_23605_absurdMetadataCount() {
        assertRefused(GgufBytes.header(3, 0, HUGE).toArray(), "metadata count " + HUGE, "impossible", "at byte 16");
    }

    @Test
    void absurdTensorCount() {
        assertRefused(GgufBytes.header(3, HUGE, 0).toArray(), "tensor count " + HUGE, "impossible", "at byte 8");
    }

    @Test
    void countsWithTheTopBitSet() {
        assertRefused(GgufBytes.header(3, -1, 0).toArray(), "tensor count 18446744073709551615");
        assertRefused(GgufBytes.header(3, 0, Long.MIN_VALUE).toArray(), "metadata count 9223372036854775808");
    }

    // --- metadata ---

    @Test
    void keyLengthBeyondTheFile() {
        byte[] bytes = GgufBytes.header(3, 0, 1).u64(HUGE).u32(0).zeros(8).toArray();
        assertRefused(bytes, "metadata key #0", "string length " + HUGE, "at byte 24");
    }

    @Test
    void stringValueLengthBeyondTheFile() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kv("s", GgufValueType.STRING).u64(6).bytes("abc".getBytes()).toArray();
        assertRefused(bytes, "metadata key 's'", "string length 6", "3 bytes left");
    }

    @Test
    void stringLengthOfTwoToThe64Minus1() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kv("s", GgufValueType.STRING).u64(-1).toArray();
        assertRefused(bytes, "'s'", "string length 18446744073709551615");
    }

    @Test
    void arrayLengthBeyondTheFile() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kvArray("a", GgufValueType.UINT32, 3).u32(1).u32(2).toArray();
        assertRefused(bytes, "metadata key 'a' array length 3", "impossible");
    }

    @Test
    void stringArrayOfTwoToThe62Elements() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kvArray("tokenizer.ggml.tokens", GgufValueType.STRING, HUGE)
                .string("a").toArray();
        assertRefused(bytes, "'tokenizer.ggml.tokens' array length " + HUGE, "impossible");
    }

    @Test
    void nestedArrayLengthBeyondTheFile() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kvArray("n", GgufValueType.ARRAY, 1)
                .u32(GgufValueType.FLOAT64.id()).u64(HUGE).toArray();
        assertRefused(bytes, "'n'[0] array length " + HUGE);
    }

    @Test
    void arraysNestedTooDeep() {
        GgufBytes b = GgufBytes.header(3, 0, 1).kvArray("deep", GgufValueType.ARRAY, 1);
        for (int depth = 2; depth <= GgufReader.MAX_ARRAY_DEPTH + 1; depth++) {
            b.u32(GgufValueType.ARRAY.id()).u64(1);
        }
        b.u32(GgufValueType.UINT8.id()).u64(0);
        assertRefused(b.toArray(), "'deep'", "nested more than " + GgufReader.MAX_ARRAY_DEPTH + " deep");
    }

    @Test
    void unknownValueType() {
        byte[] bytes = GgufBytes.header(3, 0, 1).string("k").u32(13).u32(0).toArray();
        assertRefused(bytes, "metadata key 'k'", "unknown value type 13", "at byte 33");
    }

    @Test
    void unknownArrayElementType() {
        byte[] bytes = GgufBytes.header(3, 0, 1).string("k").u32(GgufValueType.ARRAY.id()).u32(-1).u64(0).toArray();
        assertRefused(bytes, "'k'", "unknown array element type 4294967295");
    }

    @Test
    void boolThatIsNeitherTrueNorFalse() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kv("b", GgufValueType.BOOL).u8(2).toArray();
        assertRefused(bytes, "'b'", "BOOL value 2");
    }

    @Test
    void stringThatIsNotUtf8() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kv("s", GgufValueType.STRING).u64(2).u8(0xC3).u8(0x28).toArray();
        assertRefused(bytes, "'s'", "not valid UTF-8");
    }

    @Test
    void emptyKey() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kv("", GgufValueType.UINT8).u8(0).toArray();
        assertRefused(bytes, "metadata key #0 is empty");
    }

    @Test
    void duplicateKey() {
        byte[] bytes = GgufBytes.header(3, 0, 2)
                .kv("general.name", GgufValueType.UINT8).u8(1)
                .kv("general.name", GgufValueType.UINT8).u8(2).toArray();
        assertRefused(bytes, "duplicate metadata key 'general.name'", "at byte 49");
    }

    @Test
    void alignmentNotAPowerOfTwo() {
        for (long alignment : new long[] {0, 3, 48, 0xFFFF_FFFFL, 1L << 31}) {
            byte[] bytes = GgufBytes.header(3, 0, 1).kv(GgufFile.ALIGNMENT_KEY, GgufValueType.UINT32).u32(alignment)
                    .toArray();
            assertRefused(bytes, "'general.alignment' = " + alignment, "not a power of two");
        }
    }

    // --- the tensor directory ---

    @Test
    void duplicateTensorName() {
        byte[] bytes = GgufBytes.header(3, 2, 0)
                .tensorInfo("w", new long[] {1}, GgufBytes.F32, 0)
                .tensorInfo("w", new long[] {1}, GgufBytes.F32, 32)
                .padTo(32).zeros(64).toArray();
        assertRefused(bytes, "duplicate tensor name 'w'");
    }

    @Test
    void tensorNameTooLongForLlamaCpp() {
        byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("n".repeat(64), new long[] {1}, GgufBytes.F32, 0)
                .padTo(32).zeros(32).toArray();
        assertRefused(bytes, "name is longer than 63 bytes");
    }

    @Test
    void dimensionCountOutOfRange() {
        assertRefused(tensorFile(new long[0], GgufBytes.F32, 0, 32), "tensor 'w'", "0 dimensions");
        assertRefused(tensorFile(new long[] {1, 1, 1, 1, 1}, GgufBytes.F32, 0, 32), "tensor 'w'", "5 dimensions");
    }

    @Test
    void negativeDimension() {
        assertRefused(tensorFile(new long[] {4, -1}, GgufBytes.F32, 0, 32),
                "tensor 'w'", "dimension 1 = 18446744073709551615");
    }

    /** CVE-2024-21802: the product of dimensions overflowed and a tiny allocation took a huge tensor. */
    @Test
    void cve_2024_21802_dimensionProductOverflows() {
        assertRefused(tensorFile(new long[] {1L << 32, 1L << 32}, GgufBytes.F32, 0, 32),
                "tensor 'w'", "element count 4294967296 x 4294967296 overflows 64 bits");
        assertRefused(tensorFile(new long[] {3, 1L << 61, 1, 2}, GgufBytes.F32, 0, 32), "overflows 64 bits");
    }

    /** CVE-2026-33298: elements times bytes per element overflowed ggml_nbytes. */
    @Test
    void cve_2026_33298_byteSizeOverflows() {
        assertRefused(tensorFile(new long[] {1L << 31, 1L << 31}, GgufBytes.F32, 0, 32),
                "tensor 'w'", "byte size of 4611686018427387904 F32 values overflows 64 bits");
    }

    /**
     * CVE-2025-53630: the data section's size was a sum of tensor sizes that could wrap around. Here the
     * second tensor's end, offset plus size, passes 2^63: each tensor must be checked on its own.
     */
    @Test
    void cve_2025_53630_sizesSummingPastTwoToThe63() {
        long nearTheTop = Long.MAX_VALUE - 31; // a multiple of 32
        byte[] bytes = GgufBytes.header(3, 2, 0)
                .tensorInfo("a", new long[] {8}, GgufBytes.F32, 0)
                .tensorInfo("b", new long[] {1L << 40}, GgufBytes.F32, nearTheTop)
                .padTo(32).zeros(32).toArray();
        assertRefused(bytes, "tensor 'b'", "extends past the end of the file");
        byte[] bothHuge = GgufBytes.header(3, 2, 0)
                .tensorInfo("a", new long[] {1L << 60}, GgufBytes.F32, 0)
                .tensorInfo("b", new long[] {1L << 60}, GgufBytes.F32, 1L << 62)
                .padTo(32).zeros(32).toArray();
        assertRefused(bothHuge, "tensor 'a'", "extends past the end of the file");
    }

    @Test
    void negativeTensorType() {
        assertRefused(tensorFile(new long[] {1}, -1, 0, 32), "tensor 'w'", "tensor type id -1");
    }

    @Test
    void unknownTensorType() {
        assertRefused(tensorFile(new long[] {1}, 43, 0, 32), "tensor 'w'", "tensor type id 43");
        assertRefused(tensorFile(new long[] {1}, 4, 0, 32), "tensor 'w'", "tensor type id 4");
    }

    /** A tensor's byte size follows from its type and shape; a Q8_0 row of 33 values is no whole block. */
    @Test
    void byteSizeThatDoesNotFitTheType() {
        assertRefused(tensorFile(new long[] {33}, GgufBytes.Q8_0, 0, 64),
                "tensor 'w'", "row length 33", "Q8_0 block size 32");
    }

    @Test
    void tensorLongerThanTheDataLeft() {
        assertRefused(tensorFile(new long[] {16}, GgufBytes.F32, 0, 32),
                "tensor 'w' (64 bytes at data offset 0) extends past the end of the file", "32 bytes");
    }

    @Test
    void offsetOutOfRange() {
        assertRefused(tensorFile(new long[] {1}, GgufBytes.F32, 64, 32), "tensor 'w'", "data offset 64");
        assertRefused(tensorFile(new long[] {1}, GgufBytes.F32, -32, 32), "tensor 'w'", "offset 18446744073709551584");
    }

    @Test
    void offsetMisaligned() {
        assertRefused(tensorFile(new long[] {1}, GgufBytes.F32, 4, 32),
                "tensor 'w'", "offset 4 is not a multiple of the alignment 32");
    }

    @Test
    void overlappingTensors() {
        byte[] bytes = GgufBytes.header(3, 2, 0)
                .tensorInfo("a", new long[] {16}, GgufBytes.F32, 0)
                .tensorInfo("b", new long[] {8}, GgufBytes.F32, 32)
                .padTo(32).zeros(96).toArray();
        assertRefused(bytes, "tensors 'a' (data bytes 0 to 64) and 'b' (from data byte 32) overlap");
    }

    /** An empty tensor holds no bytes: it may sit anywhere, even where another tensor's bytes are. */
    @Test
    void emptyTensorsOverlapNothing() {
        byte[] bytes = GgufBytes.header(3, 3, 0)
                .tensorInfo("a", new long[] {16}, GgufBytes.F32, 0)
                .tensorInfo("empty", new long[] {0, 5}, GgufBytes.F32, 32)
                .tensorInfo("b", new long[] {8}, GgufBytes.F32, 64)
                .padTo(32).zeros(96).toArray();
        try (GgufFile f = parse(bytes)) {
            assertEquals(0, f.tensor("empty").byteSize());
        }
    }

    @Test
    void dataSectionMissing() {
        byte[] bytes = GgufBytes.header(3, 1, 0).tensorInfo("w", new long[] {1}, GgufBytes.F32, 0).u32(0).toArray();
        assertRefused(bytes, "file ends before its data section");
    }
}
