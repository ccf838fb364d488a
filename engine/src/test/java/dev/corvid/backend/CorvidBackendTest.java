package dev.corvid.backend;

import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorvidBackendTest {
    private static final Path STORIES = SharedAssets.models().resolve("stories260K.gguf");

    /** golden/README.md: the precise mode reproduces llama.cpp's float run to 1e-3 with the same greedy ids. */
    @ParameterizedTest
    @ValueSource(strings = {"p1", "p2"})
    void preciseStoriesMatchesTheGolden(String prompt) throws IOException {
        try (CorvidBackend corvid = CorvidBackend.load(STORIES, Precision.PRECISE, new BackendOptions(0, 512, 2))) {
            GoldenReplay replay = GoldenReplay.run(corvid, "stories260K", prompt);
            assertArrayEquals(golden(prompt, "tokens"), replay.tokens());
            assertTrue(replay.promptMaxAbs() <= 1e-3, "prompt rows differ by " + replay.promptMaxAbs());
            assertTrue(replay.genMaxAbs() <= 1e-3, "generation rows differ by " + replay.genMaxAbs());
            assertArrayEquals(golden(prompt, "gen"), replay.generated());
        }
    }

    @Test
    void threadCountDoesNotChangeTheLogits() throws IOException {
        int[] tokens = golden("p1", "tokens");
        float[] one;
        float[] two;
        try (CorvidBackend corvid = CorvidBackend.load(STORIES, Precision.FAST, new BackendOptions(0, 512, 1))) {
            one = corvid.evaluate(tokens, true);
        }
        try (CorvidBackend corvid = CorvidBackend.load(STORIES, Precision.FAST, new BackendOptions(0, 512, 2))) {
            two = corvid.evaluate(tokens, true);
        }
        assertArrayEquals(one, two);
    }

    @Test
    void batchesLargerThanTheBatchSizeAreRefused() throws IOException {
        try (CorvidBackend corvid = CorvidBackend.load(STORIES, Precision.FAST, new BackendOptions(0, 4, 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> corvid.evaluate(new int[] {1, 2, 3, 4, 5}, false));
            assertTrue(e.getMessage().contains("batch size 4"), e.getMessage());
            assertEquals(512, corvid.evaluate(new int[] {1, 2, 3, 4}, false).length);
        }
    }

    private static int[] golden(String prompt, String kind) throws IOException {
        String line = Files.readString(SharedAssets.golden().resolve("stories260K").resolve(prompt + "." + kind + ".txt"));
        return Arrays.stream(line.strip().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }
}
