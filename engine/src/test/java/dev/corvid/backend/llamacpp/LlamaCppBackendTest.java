package dev.corvid.backend.llamacpp;

import dev.corvid.backend.BackendOptions;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaCppBackendTest {

    private static LlamaCppBackend stories(BackendOptions options) {
        return LlamaCppFixture.library().open(SharedAssets.models().resolve("stories260K.gguf"), options,
                LlamaSettings.REFERENCE);
    }

    @Test
    void refusesWhatLlamaDecodeWouldRejectWithAClearMessage() {
        try (LlamaCppBackend backend = stories(new BackendOptions(0, 4, 1))) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> backend.evaluate(new int[5], false))
                    .getMessage().contains("1 to 4"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> backend.evaluate(new int[] {512}, false))
                    .getMessage().contains("outside the vocabulary of 512"));
            assertEquals(512, backend.evaluate(new int[] {1, 2, 3, 4}, false).length);
            assertEquals(2 * 512, backend.evaluate(new int[] {5, 6}, true).length);
        }
    }

    @Test
    void aClosedBackendRefusesCallsInsteadOfCrashing() {
        LlamaCppBackend backend = stories(BackendOptions.DEFAULT);
        backend.close();
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.evaluate(new int[] {1}, false));
    }

    @Test
    void aFileLlamaCppCannotLoadIsReported() {
        LlamaCppException e = assertThrows(LlamaCppException.class, () -> LlamaCppFixture.library()
                .open(SharedAssets.golden().resolve("README.md"), BackendOptions.DEFAULT, LlamaSettings.REFERENCE));
        assertTrue(e.getMessage().startsWith("llama.cpp could not load "), e.getMessage());
    }
}
