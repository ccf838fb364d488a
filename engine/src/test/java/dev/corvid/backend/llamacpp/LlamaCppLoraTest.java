package dev.corvid.backend.llamacpp;

import dev.corvid.backend.BackendOptions;
import dev.corvid.backend.GoldenReplay;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.GoldenRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A LoRA adapter through {@link LlamaCppBackend#addLoraAdapter} gives the LoRA goldens (golden-lora/README.md) back. */
class LlamaCppLoraTest {
    /** golden-lora case stories-r2+r8: two adapters, scales 1 and 0.5, on the F32 stories260K. */
    private static final String CASE_DIR = "../golden-lora/stories-r2+r8/stories260K";

    @ParameterizedTest
    @ValueSource(strings = {"p1", "p2"})
    void twoAdaptersReproduceTheirGolden(String prompt) throws IOException {
        LlamaCpp llama = LlamaCppFixture.library();
        Path adapters = SharedAssets.root().resolve("golden-lora/adapters");
        GoldenRun.Prompt golden = GoldenRun.read(CASE_DIR).prompts().stream()
                .filter(p -> p.id().equals(prompt)).findFirst().orElseThrow();
        try (LlamaCppBackend backend = llama.open(SharedAssets.models().resolve("stories260K.gguf"),
                BackendOptions.DEFAULT, LlamaSettings.REFERENCE)) {
            backend.addLoraAdapter(adapters.resolve("stories260K.lora-r2.gguf"), 1.0f);
            backend.addLoraAdapter(adapters.resolve("stories260K.lora-r8.gguf"), 0.5f);
            GoldenReplay replay = GoldenReplay.run(backend, CASE_DIR, prompt);
            assertTrue(replay.promptMaxAbs() <= LlamaCppGoldenTest.TOLERANCE, "prompt rows differ by " + replay.promptMaxAbs());
            assertTrue(replay.genMaxAbs() <= LlamaCppGoldenTest.TOLERANCE, "generation rows differ by " + replay.genMaxAbs());
            assertArrayEquals(golden.genIds(), replay.generated(), "greedy ids");
        }
    }
}
