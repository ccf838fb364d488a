package dev.corvid.lora;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.GoldenRun;
import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.FileType;
import dev.corvid.quantize.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A merged model, run in precise mode, gives the unmerged run's logits. */
class LoraMergeTest {
    private static final Path QWEN = SharedAssets.models().resolve("synth-qwen2-256x2.F16.gguf");
    private static final Path STORIES = SharedAssets.models().resolve("stories260K.gguf");

    @TempDir
    Path dir;

    @Test
    void anF32MergeEqualsTheUnmergedRun() throws IOException {
        List<ScaledLora> loras = loras("synth-qwen2-256x2.lora-r1", 1.0f, "synth-qwen2-256x2.lora-r8", 0.5f);
        Path merged = dir.resolve("merged.gguf");
        try (GgufFile base = GgufFile.open(QWEN)) {
            LoraMerger.merge(base, loras, FileType.F32, false, 2, merged, Progress.NONE);
        }
        assertAllTensors(merged, GgmlType.F32, "blk.0.attn_q.weight");
        double d = distance(QWEN, loras, merged, "qwen-r1+r8/synth-qwen2-256x2.f32");
        assertTrue(d <= 1e-4, "merged F32 vs unmerged: " + d);
    }

    @Test
    void theExportLoraMergeKeepsF32WeightsF32AndOthersF16() throws IOException {
        List<ScaledLora> loras = loras("stories260K.lora-r8", 1.0f);
        Path merged = dir.resolve("merged.gguf");
        try (GgufFile base = GgufFile.open(STORIES)) {
            LoraMerger.merge(base, loras, merged, Progress.NONE);
        }
        assertAllTensors(merged, GgmlType.F32, "blk.0.ffn_down.weight");
        // stories260K with this adapter amplifies float rounding to ~1e-4 (llama.cpp vs float64 numpy differ by
        // up to 3.8e-4 on it, golden-lora/README.md): the precise-mode tolerance applies, not the qwen bound.
        double d = distance(STORIES, loras, merged, "stories-r8/stories260K");
        assertTrue(d <= 1e-3, "merged F32 vs unmerged: " + d);

        Path qwenMerged = dir.resolve("qwen.gguf");
        List<ScaledLora> qwenLoras = loras("synth-qwen2-256x2.lora-r8", 1.0f);
        try (GgufFile base = GgufFile.open(QWEN)) {
            LoraMerger.merge(base, qwenLoras, qwenMerged, Progress.NONE);
        }
        assertAllTensors(qwenMerged, GgmlType.F16, "blk.1.ffn_up.weight");
        // F16 rounding of the merged weights: llama.cpp's own F16-vs-F32 distance on this model is 0.003 (golden/TOLERANCES.md).
        double f16 = distance(QWEN, qwenLoras, qwenMerged, "qwen-r8/synth-qwen2-256x2.f32");
        assertTrue(f16 <= 0.01, "merged F16 vs unmerged: " + f16);
    }

    @Test
    void aQuantizedMergeIsAsCloseAsTheAdapterOnAQuantizedBase() throws IOException {
        List<ScaledLora> loras = loras("synth-qwen2-256x2.lora-r8", 1.0f);
        Path merged = dir.resolve("merged.Q8_0.gguf");
        try (GgufFile base = GgufFile.open(QWEN)) {
            LoraMerger.merge(base, loras, FileType.Q8_0, false, 2, merged, Progress.NONE);
        }
        assertAllTensors(merged, GgmlType.Q8_0, "blk.0.attn_q.weight");
        String golden = "qwen-r8/synth-qwen2-256x2.f32";
        double d = distance(QWEN, loras, merged, golden);
        // The yardstick: the same adapter, unmerged, on the shipped Q8_0 base (llama-quantize's output).
        double shipped = distance(QWEN, loras, SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf"), loras,
                golden);
        System.out.printf("merged Q8_0 vs unmerged %.4g; unmerged on the Q8_0 base %.4g%n", d, shipped);
        assertTrue(d <= 2 * shipped, "merged Q8_0 " + d + " vs unmerged on a Q8_0 base " + shipped);
    }

    private static void assertAllTensors(Path file, GgmlType type, String name) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(type, f.tensor(name).type(), name);
        }
    }

    /** Max abs logit difference between the unmerged adapters on {@code base} and {@code merged}, over a golden's prompts. */
    private static double distance(Path base, List<ScaledLora> loras, Path merged, String goldenDir) throws IOException {
        return distance(base, loras, merged, List.of(), goldenDir);
    }

    /** As above, with {@code mergedLoras} applied unmerged on {@code merged}. */
    private static double distance(Path base, List<ScaledLora> loras, Path merged, List<ScaledLora> mergedLoras,
                                   String goldenDir) throws IOException {
        GoldenRun golden = GoldenRun.read(LoraGoldenCase.root().resolve(goldenDir), goldenDir);
        double max = 0;
        try (Model unmerged = Model.load(base, Precision.PRECISE); Model folded = Model.load(merged, Precision.PRECISE)) {
            LoraStack stack = LoraStack.of(unmerged, loras);
            for (GoldenRun.Prompt p : golden.prompts()) {
                float[] expected = logits(unmerged, stack, p.tokens());
                float[] actual = logits(folded, LoraStack.of(folded, mergedLoras), p.tokens());
                for (int i = 0; i < expected.length; i++) {
                    max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
                }
            }
        }
        return max;
    }

    private static float[] logits(Model model, LoraStack adapter, int[] tokens) {
        InferenceState state = model.newState(tokens.length);
        state.setAdapter(adapter);
        return state.evaluate(tokens, true);
    }

    static List<ScaledLora> loras(Object... idsAndScales) throws IOException {
        List<ScaledLora> loras = new ArrayList<>();
        for (int i = 0; i < idsAndScales.length; i += 2) {
            loras.add(LoraAdapter.load(LoraGoldenCase.adapterFile((String) idsAndScales[i]))
                    .scaled((Float) idsAndScales[i + 1]));
        }
        return loras;
    }
}
