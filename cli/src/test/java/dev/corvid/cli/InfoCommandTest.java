package dev.corvid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {

    private static CliRunner.Result run(String... args) {
        return CliRunner.run(args);
    }

    private static final Path MODEL = SharedAssets.models().resolve("synth-qwen2-384x1.Q4_K_M.gguf");

    @Test
    void tablesNameEveryTensorAndTheTotals() {
        CliRunner.Result r = run("info", MODEL.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("architecture  qwen2"), r.out());
        assertTrue(r.out().contains("blk.0.ffn_down.weight"), r.out());
        assertTrue(r.out().contains("3,148,672"), "parameter count: " + r.out());
        assertTrue(r.out().contains("Q6_K       1 tensors"), r.out());
    }

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        CliRunner.Result r = run("info", "--json", MODEL.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("qwen2", doc.get("architecture").asText());
        assertEquals(3, doc.get("version").asInt());
        assertEquals(3_148_672L, doc.get("parameters").asLong());
        assertEquals(1024, doc.get("metadata").get("qwen2.feed_forward_length").asInt());
        assertEquals(4099, doc.get("metadata").get("tokenizer.ggml.tokens").get("length").asInt());
        JsonNode tensors = doc.get("tensors");
        assertEquals(14, tensors.size());
        JsonNode down = null;
        for (JsonNode t : tensors) {
            if (t.get("name").asText().equals("blk.0.ffn_down.weight")) {
                down = t;
            }
        }
        assertEquals("Q6_K", down.get("type").asText());
        assertEquals(List.of(1024, 384), List.of(down.get("shape").get(0).asInt(), down.get("shape").get(1).asInt()));
        assertEquals(322_560, down.get("bytes").asLong());
    }

    @Test
    void dequantDigestsMatchTheGolden() throws Exception {
        Path model = SharedAssets.models().resolve("stories260K.F16.gguf");
        CliRunner.Result r = run("info", "--json", "--dequant-sha256", model.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode tensors = new ObjectMapper().readTree(r.out()).get("tensors");
        List<String> golden = Files.readAllLines(SharedAssets.golden().resolve("stories260K.F16/dequant.tsv"));
        int compared = 0;
        for (String line : golden) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            assertEquals(f[0], tensors.get(compared).get("name").asText());
            assertEquals(f[3], tensors.get(compared).get("dequant_sha256").asText(), f[0]);
            compared++;
        }
        assertEquals(tensors.size(), compared);
    }

    @Test
    void aBrokenFileIsReportedByName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.gguf");
        Files.write(bad, new byte[] {'G', 'G', 'U', 'F', 1, 0, 0, 0});
        CliRunner.Result r = run("info", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("bad.gguf") && r.err().contains("version 1"), r.err());
    }
}
