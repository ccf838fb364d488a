package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer: alignment, atomic replacement through a temporary file, and what it refuses to write. */
class GgufWriterTest {
    @TempDir
    Path dir;

    private static MemorySegment floats(float... values) {
        return MemorySegment.ofArray(values);
    }

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void alignsTheDataSectionAndEveryTensor() throws IOException {
        Path out = dir.resolve("w.gguf");
        new GgufWriter().put(GgufFile.ALIGNMENT_KEY, GgufValue.ofUInt32(64))
                .addTensor("x", GgmlType.F32, new long[] {3}, floats(1, 2, 3))
                .addTensor("y", GgmlType.F32, new long[] {1}, floats(4))
                .write(out);
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals(64, f.alignment());
            assertEquals(0, f.dataOffset() % 64);
            assertEquals(64, f.tensor("y").offset());
            assertEquals(f.dataOffset() + 128, Files.size(out), "the last tensor is padded too");
        }
    }

    /** llama.cpp's gguf_write pads the header to the alignment even when no data section follows. */
    @Test
    void padsTheHeaderEvenWithoutTensors() throws IOException {
        Path out = dir.resolve("w.gguf");
        new GgufWriter().put("k", GgufValue.ofBool(true)).write(out);
        long header = 4 + 4 + 8 + 8 + (8 + 1) + 4 + 1;
        assertEquals(GgufReader.alignUp(header, GgufFile.DEFAULT_ALIGNMENT), Files.size(out));
    }

    @Test
    void leavesOnlyTheFinishedFileBehind() throws IOException {
        Path out = dir.resolve("w.gguf");
        new GgufWriter().addTensor("x", GgmlType.F32, new long[] {1}, floats(1)).write(out);
        assertEquals(List.of(out), filesInDir());
    }

    /** Files.createTempFile would make the temporary file, and so the model, readable by its owner only. */
    @Test
    void writtenFileIsNotPrivateToItsOwner() throws IOException {
        Path out = dir.resolve("w.gguf");
        new GgufWriter().put("k", GgufValue.ofBool(true)).write(out);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(out);
        assertTrue(mode.contains(PosixFilePermission.OWNER_READ), mode.toString());
        // The umask decides the rest; ours is not 077, so others may read.
        assertTrue(mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ),
                "written file has mode " + mode);
    }

    @Test
    void anErrorMidWriteLeavesNeitherFileNorTemporaryFile() throws IOException {
        Path out = dir.resolve("w.gguf");
        GgufWriter w = writerWhoseSecondTensorFailsWhileWritten();
        assertThrows(IllegalStateException.class, () -> w.write(out));
        assertEquals(List.of(), filesInDir());
    }

    @Test
    void anErrorMidWriteLeavesThePreviousFileUntouched() throws IOException {
        Path out = dir.resolve("w.gguf");
        byte[] previous = {1, 2, 3};
        Files.write(out, previous);
        GgufWriter w = writerWhoseSecondTensorFailsWhileWritten();
        assertThrows(IllegalStateException.class, () -> w.write(out));
        assertEquals(List.of(out), filesInDir());
        assertArrayEquals(previous, Files.readAllBytes(out));
    }

    /** The header and first tensor are written before the second tensor's memory turns out to be gone. */
    private static GgufWriter writerWhoseSecondTensorFailsWhileWritten() {
        Arena arena = Arena.ofConfined();
        MemorySegment gone = arena.allocate(4 * 1024);
        arena.close();
        return new GgufWriter()
                .addTensor("fine", GgmlType.F32, new long[] {1}, floats(1))
                .addTensor("gone", GgmlType.F32, new long[] {1024}, gone);
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path out = dir.resolve("w.gguf");
        Files.write(out, new byte[] {9});
        new GgufWriter().put("k", GgufValue.ofString("v")).write(out);
        try (GgufFile f = GgufFile.open(out)) {
            assertEquals("v", f.metadata().getString("k"));
        }
    }

    @Test
    void refusesWhatLlamaCppWouldNotLoad() {
        GgufWriter w = new GgufWriter();
        assertMessage(() -> w.put("", GgufValue.ofBool(true)), "empty metadata key");
        String longName = "n".repeat(GgufReader.MAX_TENSOR_NAME_BYTES);
        assertMessage(() -> w.addTensor(longName, GgmlType.F32, new long[] {1}, floats(1)), "longer than 63 bytes");
        assertMessage(() -> w.addTensor("q", GgmlType.Q8_0, new long[] {33}, MemorySegment.ofArray(new byte[34])),
                "'q'", "rows of 33");
        assertMessage(() -> w.addTensor("big", GgmlType.F32, new long[] {1L << 40, 1L << 40}, floats(1)),
                "'big'", "overflows");
        assertMessage(() -> w.addTensor("five", GgmlType.F32, new long[] {1, 1, 1, 1, 1}, floats(1)),
                "'five'", "5 dimensions");
    }

    @Test
    void aRefusedTensorDoesNotReserveItsName() {
        GgufWriter w = new GgufWriter();
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x", GgmlType.F32, new long[] {2}, floats(1)));
        w.addTensor("x", GgmlType.F32, new long[] {1}, floats(1));
        assertMessage(() -> w.addTensor("x", GgmlType.F32, new long[] {1}, floats(1)), "duplicate tensor name 'x'");
    }

    @Test
    void refusesAlignmentsTheReaderWouldRefuse() {
        for (GgufValue bad : List.of(GgufValue.ofUInt32(3), GgufValue.ofUInt32(0), GgufValue.ofUInt32(1L << 31),
                GgufValue.ofInt32(32))) {
            GgufWriter w = new GgufWriter().put(GgufFile.ALIGNMENT_KEY, bad);
            assertMessage(() -> w.write(dir.resolve("a.gguf")), "general.alignment", "power of two");
        }
    }

    @Test
    void refusesStringsThatAreNotUnicode() {
        GgufWriter w = new GgufWriter().put("k", GgufValue.ofString("half a pair: \uD800"));
        assertMessage(() -> w.write(dir.resolve("s.gguf")), "lone surrogate");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void assertMessage(Action action, String... parts) {
        String message = assertThrows(IllegalArgumentException.class, action::run).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), "message lacks \"" + part + "\": " + message);
        }
    }
}
