package dev.corvid.backend.llamacpp;

import dev.corvid.backend.BackendOptions;
import dev.corvid.backend.GoldenReplay;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.GoldenRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * llama.cpp through {@link LlamaCppBackend}, with the goldens' settings, gives the goldens back:
 * the same library and settings, so the logits agree to float noise (in practice bit for bit).
 */
class LlamaCppGoldenTest {
    /** Float noise only: a ggml CPU variant other than the goldens' zen4 one may sum in another order. */
    static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"stories260K, p1", "stories260K, p2", "synth-qwen2-256x2.Q4_K_M, p1",
            "synth-qwen2-256x2.Q4_K_M, p2", "synth-qwen2-256x2.Q4_K_M, p3"})
    void reproducesTheGolden(String model, String prompt) throws IOException {
        LlamaCpp llama = LlamaCppFixture.library();
        GoldenRun.Prompt golden = GoldenRun.read(model).prompts().stream()
                .filter(p -> p.id().equals(prompt)).findFirst().orElseThrow();
        try (LlamaCppBackend backend = llama.open(SharedAssets.models().resolve(model + ".gguf"),
                BackendOptions.DEFAULT, LlamaSettings.REFERENCE)) {
            GoldenReplay replay = GoldenReplay.run(backend, model, prompt);
            assertArrayEquals(golden.tokens(), replay.tokens(), "tokens");
            assertTrue(replay.promptMaxAbs() <= TOLERANCE, "prompt rows differ by " + replay.promptMaxAbs());
            assertTrue(replay.genMaxAbs() <= TOLERANCE, "generation rows differ by " + replay.genMaxAbs());
            assertArrayEquals(golden.genIds(), replay.generated(), "greedy ids");
            System.out.printf("llama.cpp backend %s %s: prompt max|d| %.3g, gen max|d| %.3g%n", model, prompt,
                    replay.promptMaxAbs(), replay.genMaxAbs());
        }
    }
}
