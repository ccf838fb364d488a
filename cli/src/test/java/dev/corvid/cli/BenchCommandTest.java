package dev.corvid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BenchCommandTest {
    private static final String MODEL = SharedAssets.models().resolve("stories260K.gguf").toString();

    @Test
    void jsonListsEveryEngineAndTest() throws Exception {
        Path llama = Path.of(System.getProperty("corvid.llama.cpp.dir", ".llama-cpp")).resolve("lib");
        assumeTrue(Files.isDirectory(llama), "llama.cpp reference libraries not installed at " + llama);
        CliRunner.Result r = CliRunner.run("bench", "-m", MODEL, "-p", "16", "-n", "4", "-r", "2",
                "-t", "1", "--llama-cpp", llama.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("stories260K.gguf", doc.get("model").asText());
        assertEquals(1, doc.get("threads").asInt());
        List<String> rows = new ArrayList<>();
        for (JsonNode result : doc.get("results")) {
            rows.add(result.get("engine").asText() + " " + result.get("test").asText());
            assertTrue(result.get("tokens_per_second").asDouble() > 0, result.toString());
            assertTrue(result.get("stddev").asDouble() >= 0, result.toString());
        }
        assertEquals(List.of("corvid pp16", "corvid tg4", "llama.cpp pp16", "llama.cpp tg4"), rows);
        assertTrue(r.err().contains("bench: repetition 2/2 llama.cpp tg4"), "progress on stderr: " + r.err());
    }

    @Test
    void tableWithoutLlamaCppHasNoRatios() {
        CliRunner.Result r = CliRunner.run("bench", "-m", MODEL, "-p", "8", "-n", "0", "-r", "1",
                "--llama-cpp", "");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*\\| corvid +\\| stories260K\\.gguf \\| +2 \\| +pp8 \\| +[0-9.]+ ± 0\\.00 \\|.*"),
                r.out());
        assertTrue(!r.out().contains("corvid/llama.cpp") && !r.out().contains("tg"), r.out());
    }

    @Test
    void adaptersAreAppliedAndNamed() {
        String adapter = SharedAssets.root().resolve("golden-lora/adapters/stories260K.lora-r8.gguf").toString();
        CliRunner.Result r = CliRunner.run("bench", "-m", MODEL, "--lora", adapter, "-p", "8", "-n", "2", "-r", "1",
                "--llama-cpp", "");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("stories260K.gguf + stories260K.lora-r8.gguf"), r.out());
        CliRunner.Result wrong = CliRunner.run("bench", "-m", MODEL, "--lora",
                SharedAssets.root().resolve("golden-lora/adapters/synth-qwen2-256x2.lora-r1.gguf").toString(),
                "-p", "8", "-n", "0", "-r", "1", "--llama-cpp", "");
        assertEquals(1, wrong.exit());
        assertTrue(wrong.err().contains("qwen2"), "another architecture's adapter is refused: " + wrong.err());
    }

    @Test
    void nothingToMeasureIsAUsageError() {
        CliRunner.Result r = CliRunner.run("bench", "-m", MODEL, "-p", "0", "-n", "0");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not both 0"), r.err());
    }
}
