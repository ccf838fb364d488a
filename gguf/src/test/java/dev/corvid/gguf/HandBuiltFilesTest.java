package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.corvid.gguf.Parsing.assertRefused;
import static dev.corvid.gguf.Parsing.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the shared files never show (they are all version 3, aligned to 32, with only u32, f32, bool,
 * string and flat arrays): version 2, every value type, nested arrays, other alignments. Files are built
 * byte by byte, read, and written back: the writer must give the very same bytes.
 */
class HandBuiltFilesTest {
    @TempDir
    Path tmp;

    /** A file with one 4-value F32 tensor, of the given version. */
    private static byte[] oneTensorFile(int version) {
        return GgufBytes.header(version, 1, 1)
                .kv("general.architecture", GgufValueType.STRING).string("llama")
                .tensorInfo("t", new long[] {4}, GgufBytes.F32, 0)
                .padTo(32)
                .u32(Float.floatToIntBits(1f)).u32(Float.floatToIntBits(2f))
                .u32(Float.floatToIntBits(3f)).u32(Float.floatToIntBits(4f))
                .padTo(32)
                .toArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void readsVersions2And3(int version) {
        try (GgufFile f = parse(oneTensorFile(version))) {
            assertEquals(version, f.version());
            assertEquals("llama", f.metadata().getString("general.architecture"));
            GgufTensor t = f.tensor("t");
            assertEquals(GgmlType.F32, t.type());
            assertArrayEquals(new long[] {4}, t.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4}, t.data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
        }
    }

    /** Version 2 has version 3's layout; we write version 3, the only change. */
    @Test
    void writesVersion2BackAsVersion3() throws IOException {
        byte[] v2 = oneTensorFile(2);
        byte[] expected = oneTensorFile(3);
        assertArrayEquals(expected, rewrite(v2));
    }

    @Test
    void refusesVersion1() {
        assertRefused(oneTensorFile(1), "version 1 is not supported", "at byte 4");
    }

    @Test
    void refusesVersionsFromTheFuture() {
        assertRefused(oneTensorFile(4), "unknown GGUF version 4", "supported: 2, 3");
    }

    @Test
    void refusesBigEndianFilesSayingSo() {
        assertRefused(oneTensorFile(0x0300_0000), "big-endian");
    }

    /** Every scalar type at its extremes, every array element type, arrays of arrays. */
    private static byte[] everyValueType() {
        GgufBytes b = GgufBytes.header(3, 0, 28);
        b.kv("u8", GgufValueType.UINT8).u8(0xFF);
        b.kv("i8", GgufValueType.INT8).u8(0x80);
        b.kv("u16", GgufValueType.UINT16).u16(0xFFFF);
        b.kv("i16", GgufValueType.INT16).u16(0x8000);
        b.kv("u32", GgufValueType.UINT32).u32(0xFFFF_FFFFL);
        b.kv("i32", GgufValueType.INT32).u32(0x8000_0000L);
        b.kv("f32", GgufValueType.FLOAT32).u32(Float.floatToIntBits(-0.0f));
        b.kv("bool", GgufValueType.BOOL).u8(1);
        b.kv("string", GgufValueType.STRING).string("héllo ✓ 𝄞");
        b.kv("u64", GgufValueType.UINT64).u64(-1L);
        b.kv("i64", GgufValueType.INT64).u64(Long.MIN_VALUE);
        b.kv("f64", GgufValueType.FLOAT64).u64(Double.doubleToRawLongBits(Math.PI));
        b.kvArray("a.u8", GgufValueType.UINT8, 2).u8(0).u8(0xFF);
        b.kvArray("a.i8", GgufValueType.INT8, 2).u8(0x7F).u8(0x80);
        b.kvArray("a.u16", GgufValueType.UINT16, 1).u16(0xFFFF);
        b.kvArray("a.i16", GgufValueType.INT16, 1).u16(0x8000);
        b.kvArray("a.u32", GgufValueType.UINT32, 1).u32(0xFFFF_FFFFL);
        b.kvArray("a.i32", GgufValueType.INT32, 2).u32(-1).u32(7);
        b.kvArray("a.f32", GgufValueType.FLOAT32, 2).u32(0x7FC0_0001L).u32(Float.floatToIntBits(0.5f));
        b.kvArray("a.bool", GgufValueType.BOOL, 3).u8(1).u8(0).u8(1);
        b.kvArray("a.string", GgufValueType.STRING, 3).string("").string("a").string("ß");
        b.kvArray("a.u64", GgufValueType.UINT64, 1).u64(-2L);
        b.kvArray("a.i64", GgufValueType.INT64, 1).u64(Long.MIN_VALUE);
        b.kvArray("a.f64", GgufValueType.FLOAT64, 1).u64(Double.doubleToRawLongBits(-1e300));
        b.kvArray("a.empty", GgufValueType.UINT32, 0);
        b.kvArray("nested.ints", GgufValueType.ARRAY, 2)
                .u32(GgufValueType.INT32.id()).u64(2).u32(1).u32(2)
                .u32(GgufValueType.INT32.id()).u64(0);
        b.kvArray("nested.strings", GgufValueType.ARRAY, 1)
                .u32(GgufValueType.STRING.id()).u64(2).string("x").string("yz");
        b.kvArray("nested.deep", GgufValueType.ARRAY, 1)
                .u32(GgufValueType.ARRAY.id()).u64(1)
                .u32(GgufValueType.BOOL.id()).u64(1).u8(0);
        return b.toArray();
    }

    @Test
    void readsEveryValueType() {
        try (GgufFile f = parse(everyValueType())) {
            GgufMetadata m = f.metadata();
            assertEquals(28, m.asMap().size());
            assertEquals(255, m.getLong("u8"));
            assertEquals(-128, m.getLong("i8"));
            assertEquals(65535, m.getLong("u16"));
            assertEquals(-32768, m.getLong("i16"));
            assertEquals(0xFFFF_FFFFL, m.getLong("u32"));
            assertEquals(Integer.MIN_VALUE, m.getInt("i32"));
            assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(m.getFloat("f32")));
            assertTrue(m.getBoolean("bool"));
            assertEquals("héllo ✓ 𝄞", m.getString("string"));
            assertEquals(-1L, (Long) m.get("u64").value());
            assertEquals(GgufValueType.UINT64, m.get("u64").type());
            assertEquals(Long.MIN_VALUE, m.getLong("i64"));
            assertEquals(Math.PI, (Double) m.get("f64").value());
            assertArrayEquals(new long[] {0, 255}, m.getArray("a.u8", GgufValueType.UINT8).longs());
            assertArrayEquals(new long[] {127, -128}, m.getArray("a.i8", GgufValueType.INT8).longs());
            assertArrayEquals(new long[] {65535}, m.getArray("a.u16", GgufValueType.UINT16).longs());
            assertArrayEquals(new long[] {-32768}, m.getArray("a.i16", GgufValueType.INT16).longs());
            assertArrayEquals(new long[] {0xFFFF_FFFFL}, m.getArray("a.u32", GgufValueType.UINT32).longs());
            assertArrayEquals(new int[] {-1, 7}, m.getArray("a.i32", GgufValueType.INT32).ints());
            float[] floats = m.getArray("a.f32", GgufValueType.FLOAT32).floats();
            assertEquals(0x7FC0_0001, Float.floatToRawIntBits(floats[0]), "NaN payload kept");
            assertEquals(0.5f, floats[1]);
            assertArrayEquals(new boolean[] {true, false, true}, m.getArray("a.bool", GgufValueType.BOOL).booleans());
            assertArrayEquals(new String[] {"", "a", "ß"}, m.getArray("a.string", GgufValueType.STRING).strings());
            assertArrayEquals(new long[] {-2L}, m.getArray("a.u64", GgufValueType.UINT64).longs());
            assertArrayEquals(new long[] {Long.MIN_VALUE}, m.getArray("a.i64", GgufValueType.INT64).longs());
            assertArrayEquals(new double[] {-1e300}, m.getArray("a.f64", GgufValueType.FLOAT64).doubles());
            assertEquals(0, m.getArray("a.empty", GgufValueType.UINT32).length());
            GgufArray[] ints = m.getArray("nested.ints", GgufValueType.ARRAY).arrays();
            assertArrayEquals(new int[] {1, 2}, ints[0].ints());
            assertEquals(0, ints[1].length());
            GgufArray[] strings = m.getArray("nested.strings", GgufValueType.ARRAY).arrays();
            assertArrayEquals(new String[] {"x", "yz"}, strings[0].strings());
            GgufArray deep = m.getArray("nested.deep", GgufValueType.ARRAY).arrays()[0].arrays()[0];
            assertArrayEquals(new boolean[] {false}, deep.booleans());
            assertEquals(0, f.tensors().size());
        }
    }

    @Test
    void writesEveryValueTypeBackByteForByte() throws IOException {
        byte[] original = everyValueType();
        assertArrayEquals(original, rewrite(original));
    }

    /** Two tensors, the first 20 bytes long so that the second needs padding to the alignment. */
    private static byte[] alignedFile(int alignment) {
        long second = GgufReader.alignUp(20, alignment);
        GgufBytes b = GgufBytes.header(3, 2, 1)
                .kv(GgufFile.ALIGNMENT_KEY, GgufValueType.UINT32).u32(alignment)
                .tensorInfo("a", new long[] {10}, GgufBytes.F16, 0)
                .tensorInfo("b", new long[] {2, 1, 1, 1}, GgufBytes.F32, second)
                .padTo(alignment);
        for (int i = 0; i < 10; i++) {
            b.u16(0x3C00 + i);
        }
        return b.padTo(alignment).u32(Float.floatToIntBits(5f)).u32(Float.floatToIntBits(6f)).padTo(alignment).toArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 64, 4096})
    void readsAndWritesOtherAlignments(int alignment) throws IOException {
        byte[] bytes = alignedFile(alignment);
        try (GgufFile f = parse(bytes)) {
            assertEquals(alignment, f.alignment());
            assertEquals(0, f.dataOffset() % alignment);
            GgufTensor b = f.tensor("b");
            assertEquals(GgufReader.alignUp(20, alignment), b.offset());
            assertArrayEquals(new long[] {2, 1, 1, 1}, b.shape());
            assertArrayEquals(new float[] {5, 6}, b.data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED));
            assertEquals((short) 0x3C09, f.tensor("a").data().get(ValueLayout.JAVA_SHORT_UNALIGNED, 18));
        }
        assertArrayEquals(bytes, rewrite(bytes));
    }

    @Test
    void alignmentOfAnotherTypeIsRefusedNamingBothTypes() {
        byte[] bytes = GgufBytes.header(3, 0, 1).kv(GgufFile.ALIGNMENT_KEY, GgufValueType.UINT64).u64(32).toArray();
        assertRefused(bytes, "'general.alignment'", "UINT64", "UINT32");
    }

    @Test
    void typedAccessErrorsNameTheKeyAndBothTypes() {
        try (GgufFile f = parse(everyValueType())) {
            GgufMetadata m = f.metadata();
            assertMessage(() -> m.getString("u32"), "'u32'", "UINT32", "STRING");
            assertMessage(() -> m.getLong("string"), "'string'", "STRING", "integer");
            assertMessage(() -> m.getFloat("bool"), "'bool'", "BOOL", "FLOAT32");
            assertMessage(() -> m.getBoolean("a.bool"), "'a.bool'", "ARRAY of BOOL", "BOOL");
            assertMessage(() -> m.getArray("a.i32", GgufValueType.FLOAT32), "'a.i32'", "ARRAY of INT32", "ARRAY of FLOAT32");
            assertMessage(() -> m.getArray("f64"), "'f64'", "FLOAT64", "ARRAY");
            assertMessage(() -> m.getInt("u32"), "'u32'", "4294967295", "int");
            assertMessage(() -> m.getLong("u64"), "'u64'", "18446744073709551615", "too large");
            assertMessage(() -> m.getString("absent"), "'absent'", "missing");
        }
    }

    private static void assertMessage(Runnable access, String... parts) {
        String message = assertThrows(GgufFormatException.class, access::run).getMessage();
        assertTrue(message.startsWith(Parsing.NAME + ": "), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "message lacks \"" + part + "\": " + message);
        }
    }

    /** Parses the bytes, writes them with {@link GgufWriter}, and returns what it wrote. */
    private byte[] rewrite(byte[] bytes) throws IOException {
        Path out = tmp.resolve("rewritten.gguf");
        try (GgufFile f = parse(bytes)) {
            GgufWriter.copyOf(f).write(out);
        }
        return Files.readAllBytes(out);
    }
}
