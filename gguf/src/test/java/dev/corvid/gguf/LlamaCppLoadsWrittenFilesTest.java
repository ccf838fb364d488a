package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** llama.cpp's own GGUF loader (gguf_init_from_file in libggml-base.so) accepts what our writer writes. */
class LlamaCppLoadsWrittenFilesTest {
    /** struct gguf_init_params { bool no_alloc; struct ggml_context ** ctx; } */
    private static final StructLayout INIT_PARAMS = MemoryLayout.structLayout(
            ValueLayout.JAVA_BOOLEAN, MemoryLayout.paddingLayout(7), ValueLayout.ADDRESS);

    @TempDir
    Path dir;

    @Test
    void llamaCppLoadsOurCopiesAndOurOwnFiles() throws Throwable {
        Path lib = llamaCppLibrary();
        Path copy = dir.resolve("copy.gguf");
        Path model = SharedAssets.models().resolve("stories260K.Q4_0.gguf");
        long tensors;
        long keys;
        try (GgufFile f = GgufFile.open(model)) {
            GgufWriter.copyOf(f).write(copy);
            tensors = f.tensors().size();
            keys = f.metadata().asMap().size();
        }
        Path own = dir.resolve("own.gguf");
        new GgufWriter().put(GgufFile.ALIGNMENT_KEY, GgufValue.ofUInt32(64))
                .put("u64", new GgufValue(GgufValueType.UINT64, -1L))
                .put("f64", new GgufValue(GgufValueType.FLOAT64, 0.25))
                .put("names", GgufValue.ofArray(GgufArray.ofStrings(new String[] {"a", "ß"})))
                .addTensor("x", GgmlType.F32, new long[] {3}, MemorySegment.ofArray(new float[] {1, 2, 3}))
                .addTensor("y", GgmlType.Q8_0, new long[] {32}, MemorySegment.ofArray(new byte[34]))
                .write(own);
        assertEquals(List.of(tensors, keys), llamaCppCounts(lib, copy));
        assertEquals(List.of(2L, 4L), llamaCppCounts(lib, own));
    }

    /** llama.cpp's format has no arrays of arrays: such a file of ours it refuses, and says so. */
    @Test
    void llamaCppRefusesNestedArrays() throws Throwable {
        Path lib = llamaCppLibrary();
        Path nested = dir.resolve("nested.gguf");
        GgufArray inner = GgufArray.ofInt32(new int[] {1});
        new GgufWriter().put("n", GgufValue.ofArray(GgufArray.ofArrays(new GgufArray[] {inner}))).write(nested);
        assertNull(llamaCppCounts(lib, nested));
    }

    /** libggml-base.so of llama.cpp v0.5.0; the test is skipped where it is not installed. */
    private static Path llamaCppLibrary() {
        Path lib = Path.of(System.getProperty("corvid.llama.cpp.dir", ".llama-cpp"), "lib", "libggml-base.so");
        assumeTrue(Files.exists(lib), "llama.cpp's libraries are not installed at " + lib);
        return lib;
    }

    /** Tensor and key counts as gguf_init_from_file reads them, or null when it refuses the file. */
    private static List<Long> llamaCppCounts(Path lib, Path file) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            SymbolLookup ggml = SymbolLookup.libraryLookup(lib, arena);
            MethodHandle init = linker.downcallHandle(ggml.findOrThrow("gguf_init_from_file"),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, INIT_PARAMS));
            MethodHandle nTensors = linker.downcallHandle(ggml.findOrThrow("gguf_get_n_tensors"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            MethodHandle nKv = linker.downcallHandle(ggml.findOrThrow("gguf_get_n_kv"),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
            MethodHandle free = linker.downcallHandle(ggml.findOrThrow("gguf_free"),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
            MemorySegment params = arena.allocate(INIT_PARAMS); // no_alloc false, ctx NULL: metadata only
            MemorySegment ctx = (MemorySegment) init.invokeExact(arena.allocateFrom(file.toString()), params);
            if (ctx.equals(MemorySegment.NULL)) {
                return null;
            }
            try {
                return List.of((long) nTensors.invokeExact(ctx), (long) nKv.invokeExact(ctx));
            } finally {
                free.invokeExact(ctx);
            }
        }
    }
}
