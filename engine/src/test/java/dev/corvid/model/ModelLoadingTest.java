package dev.corvid.model;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration read from metadata (expected values: ../shared/models/README.md) and load errors. */
class ModelLoadingTest {
    private static final Path STORIES = SharedAssets.models().resolve("stories260K.gguf");

    @TempDir
    Path tmp;

    @Test
    void readsTheLlamaConfigurationWithDefaults() throws IOException {
        try (Model model = Model.load(STORIES, Precision.FAST)) {
            ModelConfig c = model.config();
            assertEquals(Architecture.LLAMA, c.architecture());
            assertEquals(5, c.layerCount());
            assertEquals(64, c.embeddingLength());
            assertEquals(172, c.feedForwardLength());
            assertEquals(8, c.headCount());
            assertEquals(4, c.headCountKv());
            assertEquals(8, c.headDim());
            assertEquals(8, c.ropeDimensions());
            assertEquals(512, c.vocabularySize());
            assertEquals(128, c.contextLength());
            assertEquals(1e-5f, c.rmsNormEps());
            assertEquals(ModelConfig.DEFAULT_ROPE_FREQ_BASE, c.ropeFreqBase()); // no rope.freq_base key
            assertEquals(1.0f, c.ropeFreqScale());
        }
    }

    @Test
    void readsTheQwen2Configuration() throws IOException {
        try (Model model = Model.load(SharedAssets.models().resolve("synth-qwen2-256x2.F16.gguf"), Precision.FAST)) {
            ModelConfig c = model.config();
            assertEquals(Architecture.QWEN2, c.architecture());
            assertEquals(2, c.layerCount());
            assertEquals(256, c.embeddingLength());
            assertEquals(768, c.feedForwardLength());
            assertEquals(4, c.headCount());
            assertEquals(2, c.headCountKv());
            assertEquals(64, c.headDim());
            assertEquals(4099, c.vocabularySize());
            assertEquals(2048, c.contextLength());
            assertEquals(1e-6f, c.rmsNormEps());
            assertEquals(1e6f, c.ropeFreqBase());
        }
    }

    @Test
    void unknownArchitectureIsNamedWithTheSupportedOnes() throws IOException {
        Path file = rewrite(w -> w.put("general.architecture", GgufValue.ofString("mamba")));
        var e = assertThrows(UnsupportedModelException.class, () -> Model.load(file, Precision.FAST));
        assertTrue(e.getMessage().contains("'mamba'") && e.getMessage().contains("llama, qwen2"), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path file = tmp.resolve("missing.gguf");
        try (GgufFile gguf = GgufFile.open(STORIES)) {
            GgufWriter w = new GgufWriter().putAll(gguf.metadata().asMap());
            for (GgufTensor t : gguf.tensors()) {
                if (!t.name().equals("blk.3.ffn_up.weight")) {
                    w.addTensor(t.name(), t.type(), t.shape(), t.data());
                }
            }
            w.write(file);
        }
        var e = assertThrows(GgufFormatException.class, () -> Model.load(file, Precision.PRECISE));
        assertTrue(e.getMessage().contains("'blk.3.ffn_up.weight'"), e.getMessage());
    }

    @Test
    void linearRopeScalingDividesTheFrequencies() throws IOException {
        Path file = rewrite(w -> w.put("llama.rope.scaling.type", GgufValue.ofString("linear"))
                .put("llama.rope.scaling.factor", GgufValue.ofFloat32(4f)));
        try (Model model = Model.load(file, Precision.FAST)) {
            assertEquals(0.25f, model.config().ropeFreqScale());
        }
    }

    @Test
    void yarnRopeScalingIsRefused() throws IOException {
        Path file = rewrite(w -> w.put("llama.rope.scaling.type", GgufValue.ofString("yarn"))
                .put("llama.rope.scaling.factor", GgufValue.ofFloat32(4f)));
        var e = assertThrows(UnsupportedModelException.class, () -> Model.load(file, Precision.FAST));
        assertTrue(e.getMessage().contains("'yarn'"), e.getMessage());
    }

    private void refusedAsMalformed(Consumer<GgufWriter> edit, String... parts) throws IOException {
        Path file = rewrite(edit);
        var e = assertThrows(GgufFormatException.class, () -> Model.load(file, Precision.FAST));
        assertTrue(e.getMessage().contains("edited.gguf: "), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    private void refusedAsUnsupported(Consumer<GgufWriter> edit, String... parts) throws IOException {
        Path file = rewrite(edit);
        var e = assertThrows(UnsupportedModelException.class, () -> Model.load(file, Precision.FAST));
        assertTrue(e.getMessage().contains("edited.gguf: "), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }

    /** Sizes that used to load a model with no layers, or fail later without the file's name. */
    @Test
    void sizesMustBePositive() throws IOException {
        refusedAsMalformed(w -> w.put("llama.block_count", GgufValue.ofUInt32(0)), "'llama.block_count' = 0");
        refusedAsMalformed(w -> w.put("llama.block_count", GgufValue.ofInt32(-1)), "'llama.block_count' = -1");
        refusedAsMalformed(w -> w.put("llama.context_length", GgufValue.ofUInt32(0)), "'llama.context_length' = 0");
        refusedAsMalformed(w -> w.put("llama.context_length", GgufValue.ofInt32(-5)), "'llama.context_length'");
        refusedAsMalformed(w -> w.put("llama.embedding_length", GgufValue.ofUInt32(0)), "'llama.embedding_length'");
        refusedAsMalformed(w -> w.put("llama.feed_forward_length", GgufValue.ofInt32(-172)), "'llama.feed_forward_length'");
        refusedAsMalformed(w -> w.put("llama.attention.head_count", GgufValue.ofUInt32(0)), "'llama.attention.head_count'");
        refusedAsMalformed(w -> w.put("llama.attention.head_count_kv", GgufValue.ofUInt32(0)),
                "'llama.attention.head_count_kv'");
        refusedAsMalformed(w -> w.put("llama.attention.key_length", GgufValue.ofUInt32(0)),
                "'llama.attention.key_length'");
        // no key_length: the head size is embedding / heads, 0 here
        refusedAsMalformed(w -> w.put("llama.attention.head_count", GgufValue.ofUInt32(128))
                .put("llama.attention.head_count_kv", GgufValue.ofUInt32(128)), "llama.embedding_length / ");
    }

    @Test
    void perTokenSizesMustFitAnInt() throws IOException {
        refusedAsMalformed(w -> w.put("llama.attention.key_length", GgufValue.ofUInt32(1 << 30))
                        .put("llama.rope.dimension_count", GgufValue.ofUInt32(1 << 30)),
                "llama.attention.head_count 8 x llama.attention.key_length 1073741824");
    }

    @Test
    void headsMustShareKeyValueHeadsEvenlyAndHaveAnEvenSize() throws IOException {
        refusedAsUnsupported(w -> w.put("llama.attention.head_count_kv", GgufValue.ofUInt32(3)),
                "llama.attention.head_count 8", "llama.attention.head_count_kv 3");
        refusedAsUnsupported(w -> w.put("llama.attention.key_length", GgufValue.ofUInt32(7))
                .put("llama.rope.dimension_count", GgufValue.ofUInt32(7)), "odd head size", "= 7");
    }

    /** stories260K.gguf with edited metadata. */
    private Path rewrite(Consumer<GgufWriter> edit) throws IOException {
        Path file = tmp.resolve("edited.gguf");
        try (GgufFile gguf = GgufFile.open(STORIES)) {
            GgufWriter w = GgufWriter.copyOf(gguf);
            edit.accept(w);
            w.write(file);
        }
        return file;
    }
}
