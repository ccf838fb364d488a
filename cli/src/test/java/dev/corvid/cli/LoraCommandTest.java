package dev.corvid.cli;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraCommandTest {
    private static final String STORIES = SharedAssets.models().resolve("stories260K.gguf").toString();

    @TempDir
    Path dir;

    private static String adapter(String id) {
        return SharedAssets.root().resolve("golden-lora/adapters/" + id + ".gguf").toString();
    }

    @Test
    void infoShowsArchitectureRankAlphaAndTargets() {
        CliRunner.Result r = CliRunner.run("lora", "info", adapter("synth-qwen2-256x2.lora-r4-qv"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("LoRA adapter for qwen2") && r.out().contains("rank:    4")
                && r.out().contains("alpha:   8.0") && r.out().contains("targets: 4 tensors")
                && r.out().contains("blk.1.attn_v.weight"), r.out());
    }

    @Test
    void generatingWithTheAdapterEqualsGeneratingWithTheMergedModel() throws IOException {
        Path merged = dir.resolve("merged.gguf");
        CliRunner.Result m = CliRunner.run("lora", "merge", "-m", STORIES, "--lora",
                adapter("stories260K.lora-r8") + ":0.5", "--type", "F32", merged.toString());
        assertEquals(0, m.exit(), m.err());
        try (GgufFile f = GgufFile.open(merged)) {
            assertEquals(GgmlType.F32, f.tensor("blk.0.attn_q.weight").type());
        }
        CliRunner.Result unmerged = CliRunner.run("generate", "-m", STORIES, "--precise", "-p", "Once upon a time",
                "-n", "12", "--temp", "0", "--lora-scaled", adapter("stories260K.lora-r8"), "0.5");
        CliRunner.Result folded = CliRunner.run("generate", "-m", merged.toString(), "--precise", "-p",
                "Once upon a time", "-n", "12", "--temp", "0");
        assertEquals(0, unmerged.exit(), unmerged.err());
        assertEquals(folded.out(), unmerged.out());
        CliRunner.Result bare = CliRunner.run("generate", "-m", STORIES, "--precise", "-p", "Once upon a time",
                "-n", "12", "--temp", "0");
        assertTrue(!bare.out().equals(unmerged.out()), "the adapter changes the text");
    }

    @Test
    void anAdapterForAnotherArchitectureIsRefused() {
        CliRunner.Result r = CliRunner.run("generate", "-m", STORIES, "-p", "Once", "-n", "2",
                "--lora", adapter("synth-qwen2-256x2.lora-r1"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("architecture 'qwen2'"), r.err());
    }
}
