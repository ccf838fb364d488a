package dev.corvid.backend.llamacpp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.FunctionDescriptor;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryFolderTest {

    @Test
    void aMissingFolderIsNamed(@TempDir Path dir) {
        LlamaCppException e = assertThrows(LlamaCppException.class, () -> LlamaCpp.load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere") && e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("CORVID_LLAMA_CPP"), e.getMessage());
    }

    @Test
    void aFolderWithoutTheLibrariesSaysWhichIsMissing(@TempDir Path dir) {
        LlamaCppException e = assertThrows(LlamaCppException.class, () -> LlamaCpp.load(dir));
        assertTrue(e.getMessage().startsWith("no libllama.so in " + dir), e.getMessage());
    }

    @Test
    void anInstallRootLeadsToItsLibFolder() {
        Path root = LlamaCppFixture.root();
        LibraryFolder folder = LibraryFolder.in(root);
        assertEquals(root.resolve("lib").toAbsolutePath().normalize(), folder.dir());
        assertEquals("libllama.v0.5.0.so", folder.llama().getFileName().toString());
        assertEquals("libggml.v0.5.0.so", folder.ggml().getFileName().toString());
    }

    @Test
    void anAbsentSymbolIsNamedWithItsLibrary() {
        LibraryFolder folder = LibraryFolder.in(LlamaCppFixture.root());
        LlamaCppException e = assertThrows(LlamaCppException.class,
                () -> new LlamaApi.Binder(folder.ggml()).bind("llama_no_such_function", FunctionDescriptor.ofVoid()));
        assertTrue(e.getMessage().startsWith("llama_no_such_function is not exported by " + folder.ggml()),
                e.getMessage());
    }

    @Test
    void systemInfoComesFromTheLoadedLibrary() {
        assertTrue(LlamaCppFixture.library().systemInfo().contains("CPU"));
    }
}
