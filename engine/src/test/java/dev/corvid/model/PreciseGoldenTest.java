package dev.corvid.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precise mode against llama.cpp's float runs: every stored logit row within 1e-3 (golden/README.md,
 * "How a test should compare", 2) and the same greedy ids up to any fragile margin.
 */
class PreciseGoldenTest {
    private static final double TOLERANCE = 1e-3;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.corvid.model.GoldenCase#precise")
    void matchesTheFloatReference(GoldenCase c) throws IOException {
        GoldenComparison result;
        try (Model model = Model.load(c.modelPath(), Precision.PRECISE)) {
            result = GoldenComparison.run(model, c.prompt());
        }
        System.out.println("GOLDEN precise " + c + " " + result.summary());
        assertTrue(result.promptMaxAbs() <= TOLERANCE, c + ": " + result.summary());
        assertTrue(result.genMaxAbs() <= TOLERANCE, c + ": " + result.summary());
        assertEquals(-1, result.firstMismatch(), c + ": " + result.summary());
    }
}
