package dev.corvid.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast mode against llama.cpp's own quantized (and F16/BF16) runs: within twice llama.cpp's own distance
 * between those runs and their float twins (golden/tolerances.json, the machine-readable form of
 * TOLERANCES.md section 1), and the same greedy ids up to any fragile margin.
 */
class FastGoldenTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.corvid.model.GoldenCase#fast")
    void staysWithinTwiceLlamaCppsQuantizationError(GoldenCase c) throws IOException {
        JsonNode tolerance = llamaCppTolerance(c.dir(), c.prompt().id());
        double promptLimit = 2 * tolerance.get("prompt_max_abs").asDouble();
        double genLimit = 2 * tolerance.get("gen_max_abs").asDouble();
        GoldenComparison result;
        try (Model model = Model.load(c.modelPath(), Precision.FAST)) {
            result = GoldenComparison.run(model, c.prompt());
        }
        System.out.printf("GOLDEN fast %s %s (limits %.3g / %.3g)%n", c, result.summary(), promptLimit, genLimit);
        assertTrue(result.promptMaxAbs() <= promptLimit, c + ": " + result.summary());
        assertTrue(result.genMaxAbs() <= genLimit, c + ": " + result.summary());
        assertEquals(-1, result.firstMismatch(), c + ": " + result.summary());
    }

    private static JsonNode llamaCppTolerance(String model, String prompt) throws IOException {
        JsonNode all = new ObjectMapper().readTree(SharedAssets.golden().resolve("tolerances.json").toFile());
        for (JsonNode t : all.get("quantized_vs_dequantf32")) {
            if (t.get("model").asText().equals(model) && t.get("prompt").asText().equals(prompt)) {
                return t;
            }
        }
        throw new AssertionError("tolerances.json has no entry for " + model + " " + prompt);
    }
}
