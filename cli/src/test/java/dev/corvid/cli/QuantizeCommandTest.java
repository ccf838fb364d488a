package dev.corvid.cli;

import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantizeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesLlamaCppsFileWithAProgressBar() throws Exception {
        Path out = tmp.resolve("q.gguf");
        CliRunner.Result r = CliRunner.run("quantize",
                SharedAssets.models().resolve("stories260K.gguf").toString(), out.toString(), "q4_k_m", "--threads", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("100.0%"), r.err());
        assertTrue(r.out().contains("Q5_0     29 tensors"), r.out());
        assertEquals(-1, Files.mismatch(out, SharedAssets.models().resolve("stories260K.Q4_K_M.gguf")));
    }

    @Test
    void anUnknownTypeIsRefusedAndNothingIsWritten() {
        Path out = tmp.resolve("q.gguf");
        CliRunner.Result r = CliRunner.run("quantize",
                SharedAssets.models().resolve("stories260K.gguf").toString(), out.toString(), "Q7_X");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown file type 'Q7_X'"), r.err());
        assertTrue(Files.notExists(out));
    }
}
