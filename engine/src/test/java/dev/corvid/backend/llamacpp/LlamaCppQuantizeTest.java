package dev.corvid.backend.llamacpp;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaCppQuantizeTest {

    /** The shared Q8_0 file was made by llama-quantize from the same F32 file: every tensor must come out byte for byte. */
    @Test
    void quantizingStoriesToQ8_0GivesTheSharedFile(@TempDir Path dir) throws IOException {
        Path output = dir.resolve("stories260K.Q8_0.gguf");
        LlamaCppFixture.library().quantize(SharedAssets.models().resolve("stories260K.gguf"), output,
                LlamaFileType.Q8_0, 2);
        try (GgufFile ours = GgufFile.open(output);
             GgufFile shared = GgufFile.open(SharedAssets.models().resolve("stories260K.Q8_0.gguf"))) {
            assertEquals(shared.tensors().stream().map(GgufTensor::name).toList(),
                    ours.tensors().stream().map(GgufTensor::name).toList());
            for (GgufTensor expected : shared.tensors()) {
                GgufTensor actual = ours.tensor(expected.name());
                assertEquals(expected.type(), actual.type(), expected.name());
                assertArrayEquals(expected.shape(), actual.shape(), expected.name());
                assertEquals(-1, expected.data().mismatch(actual.data()), expected.name() + " bytes differ");
            }
        }
    }

    @Test
    void aMissingInputIsReported(@TempDir Path dir) {
        LlamaCppException e = assertThrows(LlamaCppException.class, () -> LlamaCppFixture.library()
                .quantize(dir.resolve("absent.gguf"), dir.resolve("out.gguf"), LlamaFileType.Q8_0, 1));
        assertTrue(e.getMessage().contains("absent.gguf"), e.getMessage());
    }
}
