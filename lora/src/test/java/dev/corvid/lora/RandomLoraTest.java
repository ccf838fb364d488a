package dev.corvid.lora;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RandomLoraTest {
    private static final Path STORIES = SharedAssets.models().resolve("stories260K.gguf");
    private static final int[] PROMPT = {1, 403, 407, 261, 378};

    @Test
    void theSameSeedWritesTheSameFile(@TempDir Path dir) throws Exception {
        try (GgufFile base = GgufFile.open(STORIES)) {
            RandomLora.of(base, 8, RandomLora.ALL_PROJECTIONS, 0.01f, 7).save(dir.resolve("a.gguf"));
            RandomLora.of(base, 8, RandomLora.ALL_PROJECTIONS, 0.01f, 7).save(dir.resolve("b.gguf"));
            RandomLora.of(base, 8, RandomLora.ALL_PROJECTIONS, 0.01f, 8).save(dir.resolve("c.gguf"));
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.gguf")), Files.readAllBytes(dir.resolve("b.gguf")));
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a.gguf")), Files.readAllBytes(dir.resolve("c.gguf"))));
        LoraAdapter reloaded = LoraAdapter.load(dir.resolve("a.gguf"));
        assertEquals(5 * 7, reloaded.weights().size());
        assertEquals(8.0f, reloaded.alpha());
    }

    @Test
    void aZeroBLeavesTheModelUnchangedAndANonZeroOneChangesIt() throws Exception {
        try (GgufFile base = GgufFile.open(STORIES); Model model = Model.load(STORIES, Precision.PRECISE)) {
            LoraAdapter zero = RandomLora.of(base, 2, List.of("attn_q", "ffn_down"), 0f, 1);
            LoraAdapter some = RandomLora.of(base, 2, List.of("attn_q", "ffn_down"), 0.05f, 1);
            assertEquals(10, zero.weights().size());
            float[] bare = model.newState(8).evaluate(PROMPT, true);
            InferenceState withZero = model.newState(8);
            withZero.setAdapter(LoraStack.of(model, List.of(zero.scaled(1f))));
            InferenceState withSome = model.newState(8);
            withSome.setAdapter(LoraStack.of(model, List.of(some.scaled(1f))));
            assertArrayEquals(bare, withZero.evaluate(PROMPT, true));
            assertFalse(Arrays.equals(bare, withSome.evaluate(PROMPT, true)));
        }
    }

    @Test
    void aModelWithoutTheTargetsIsRefused() throws Exception {
        try (GgufFile base = GgufFile.open(STORIES)) {
            assertThrows(IllegalArgumentException.class, () -> RandomLora.of(base, 8, List.of("attn_qkv"), 0f, 1));
        }
    }
}
