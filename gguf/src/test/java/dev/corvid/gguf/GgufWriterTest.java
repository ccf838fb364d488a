package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The writer: alignment, atomic replacement through a temporary file, tensors made one at a time by their
 * sources, and what it refuses to write.
 */
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

    /**
     * A source is asked for its bytes only once the tensors before it are in the file and their memory is
     * released: one tensor in memory at a time, whatever the number of tensors.
     */
    @Test
    void makesEachTensorOnlyAfterThoseBeforeAreWrittenAndReleased() throws IOException {
        Path out = dir.resolve("w.gguf");
        InProgressFile file = new InProgressFile(out);
        List<MemorySegment> made = new ArrayList<>();
        int[] mostAlive = {0};
        GgufWriter w = new GgufWriter();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int value = i;
            names.add("t" + i);
            w.addTensor("t" + i, GgmlType.F32, new long[] {100 + i}, arena -> {
                file.look();
                MemorySegment data = arena.allocate((100L + value) * Float.BYTES);
                data.elements(ValueLayout.JAVA_FLOAT).forEach(x -> x.set(ValueLayout.JAVA_FLOAT, 0, value));
                made.add(data);
                mostAlive[0] = Math.max(mostAlive[0], (int) made.stream().filter(m -> m.scope().isAlive()).count());
                return data;
            });
        }
        assertEquals(List.of(), made, "nothing is made before write");
        w.write(out);
        assertEquals(1, mostAlive[0], "tensors in memory at once");
        assertTrue(made.stream().noneMatch(m -> m.scope().isAlive()), "the last tensor's memory is released too");
        file.assertLooksSawTheStartsOf(names);
        try (GgufFile f = GgufFile.open(out)) {
            for (int i = 0; i < names.size(); i++) {
                float[] values = TensorDequantizer.toFloats(f.tensor(names.get(i)));
                float expected = i;
                assertTrue(IntStream.range(0, values.length).allMatch(k -> values[k] == expected), names.get(i));
            }
        }
    }

    @Test
    void aSourceThatMakesTheWrongNumberOfBytesFailsNamingTheTensor() throws IOException {
        Path out = dir.resolve("w.gguf");
        for (long floats : new long[] {3, 5}) {
            GgufWriter w = new GgufWriter()
                    .addTensor("fine", GgmlType.F32, new long[] {1}, floats(1))
                    .addTensor("odd", GgmlType.F32, new long[] {4}, arena -> arena.allocate(floats * Float.BYTES));
            String message = assertThrows(IllegalStateException.class, () -> w.write(out)).getMessage();
            assertTrue(message.startsWith("tensor 'odd': its source made " + floats * Float.BYTES + " bytes"), message);
            assertTrue(message.endsWith("takes 16"), message);
            assertEquals(List.of(), filesInDir(), "neither the file nor its temporary file");
        }
    }

    @Test
    void aSourceThatFailsLeavesThePreviousFileUntouched() throws IOException {
        Path out = dir.resolve("w.gguf");
        byte[] previous = {1, 2, 3};
        Files.write(out, previous);
        GgufWriter w = new GgufWriter()
                .addTensor("fine", GgmlType.F32, new long[] {1}, floats(1))
                .addTensor("broken", GgmlType.F32, new long[] {1}, arena -> {
                    throw new IOException("the source model went away");
                });
        assertEquals("the source model went away", assertThrows(IOException.class, () -> w.write(out)).getMessage());
        assertEquals(List.of(out), filesInDir());
        assertArrayEquals(previous, Files.readAllBytes(out));
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

    /** A tensor added with a source is checked the same way, by type and shape, before anything is made. */
    @Test
    void refusesSourcedTensorsThatCannotBeWritten() {
        GgufWriter w = new GgufWriter();
        TensorSource never = arena -> fail("a refused tensor's source is never asked");
        assertMessage(() -> w.addTensor("q", GgmlType.Q8_0, new long[] {33}, never), "'q'", "rows of 33");
        assertMessage(() -> w.addTensor("bytes", GgmlType.F32, new long[] {1L << 62}, never), "'bytes'", "overflows");
        w.addTensor("half", GgmlType.F32, new long[] {1L << 60}, never);
        w.addTensor("other half", GgmlType.F32, new long[] {1L << 60}, never);
        assertMessage(() -> w.write(dir.resolve("huge.gguf")), "'other half'", "larger than 2^63 bytes");
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
