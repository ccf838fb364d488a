package dev.corvid.cli;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthCommandTest {
    @TempDir
    Path tmp;

    @Test
    void synthThenQuantizeACustomShape() throws Exception {
        Path synth = tmp.resolve("s.gguf");
        Path quantized = tmp.resolve("s.Q4_0.gguf");
        CliRunner.Result r = CliRunner.run("synth", "--arch", "llama", "--layers", "2", "--width", "64",
                "--ffn", "128", "--heads", "4", "--kv-heads", "2", "--seed", "3", "--threads", "2",
                "--vocab", SharedAssets.root().resolve("vocab/ggml-vocab-llama-spm.gguf").toString(), synth.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("100.0%"), r.err());
        r = CliRunner.run("quantize", synth.toString(), quantized.toString(), "Q4_0");
        assertEquals(0, r.exit(), r.err());
        try (GgufFile q = GgufFile.open(quantized)) {
            assertEquals("llama", q.metadata().getString("general.architecture"));
            assertEquals(2, q.metadata().getInt("general.file_type"));
            assertTrue(q.hasTensor("output.weight"), "llama is untied unless --tied true");
            assertEquals(2 + 9 * 2 + 1, q.tensors().size());
        }
        r = CliRunner.run("generate", "-m", quantized.toString(), "-p", "Hello", "-n", "8", "--temp", "0",
                "--ignore-eos");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Hello") && r.out().length() > "Hello\n".length(), r.out());
        assertTrue(r.err().contains("generation: 8 tokens"), r.err());
    }

    @Test
    void aShapeNeedsAPresetOrAllItsSizes() {
        CliRunner.Result r = CliRunner.run("synth", "--layers", "2", "--vocab",
                SharedAssets.root().resolve("vocab/ggml-vocab-llama-spm.gguf").toString(), tmp.resolve("x.gguf").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("give --preset, or all of"), r.err());
        assertTrue(Files.notExists(tmp.resolve("x.gguf")));
    }
}
