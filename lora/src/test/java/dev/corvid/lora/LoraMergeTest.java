package dev.corvid.lora;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.InProgressFile;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.model.GoldenRun;
import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.model.ProjectionAdapter;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.FileType;
import dev.corvid.quantize.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A merged model, run in precise mode, gives the unmerged run's logits.
 *
 * <p>How close an F32 merge can come depends on the model: the merged weights must be rounded to float, and
 * the float forward pass rounds differently when the correction is a separate term. Each case therefore also
 * measures its model's resolution: the same merged model with every weight moved one ulp up or down at
 * random. Where that moves the logits by under {@code F32_MERGE_BOUND / ULP_FACTOR} (synth-qwen2-256x2: about
 * 1e-5) the merge is held to {@link #F32_MERGE_BOUND}; where one ulp already moves them further (stories260K:
 * 1e-4 to 1e-3 on the 109-token prompt), to {@link #ULP_FACTOR} times that.
 */
class LoraMergeTest {
    private static final Path QWEN = SharedAssets.models().resolve("synth-qwen2-256x2.F16.gguf");
    private static final Path STORIES = SharedAssets.models().resolve("stories260K.gguf");
    private static final double F32_MERGE_BOUND = 1e-4;
    private static final double ULP_FACTOR = 5;

    @TempDir
    Path dir;

    static Stream<Arguments> preciseCases() throws IOException {
        return LoraGoldenCase.all().filter(a -> ((LoraGoldenCase) a.get()[0]).precision() == Precision.PRECISE);
    }

    /** Every row: the whole prompt, then the reference's generated ids fed back one at a time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("preciseCases")
    void anF32MergeGivesTheUnmergedLogits(LoraGoldenCase c) throws IOException {
        List<ScaledLora> loras = c.loadAdapters(dir);
        Path merged = dir.resolve("merged.gguf");
        try (GgufFile base = GgufFile.open(c.modelPath())) {
            LoraMerger.merge(base, loras, FileType.F32, false, 2, merged, Progress.NONE);
        }
        assertAllTensors(merged, GgmlType.F32, "blk.0.attn_q.weight");
        Path moved = dir.resolve("merged-one-ulp.gguf");
        try (GgufFile f = GgufFile.open(merged)) {
            moveEveryWeightOneUlp(f, moved);
        }
        float[] unmerged;
        float[] folded;
        float[] oneUlp;
        try (Model base = Model.load(c.modelPath(), Precision.PRECISE);
             Model mergedModel = Model.load(merged, Precision.PRECISE);
             Model movedModel = Model.load(moved, Precision.PRECISE)) {
            unmerged = everyRow(base, LoraStack.of(base, loras), c.prompt());
            folded = everyRow(mergedModel, ProjectionAdapter.NONE, c.prompt());
            oneUlp = everyRow(movedModel, ProjectionAdapter.NONE, c.prompt());
        }
        double d = maxAbsDiff(unmerged, folded);
        double resolution = maxAbsDiff(folded, oneUlp);
        double limit = Math.max(F32_MERGE_BOUND, ULP_FACTOR * resolution);
        System.out.printf("MERGE %s: merged F32 vs unmerged %.3g; one ulp moves the merged model %.3g (limit %.3g)%n",
                c, d, resolution, limit);
        assertTrue(d <= limit, c + ": merged F32 vs unmerged " + d + ", one ulp moves it " + resolution);
    }

    @Test
    void theExportLoraMergeKeepsF32WeightsF32AndOthersF16() throws IOException {
        Path stories = dir.resolve("stories.gguf");
        try (GgufFile base = GgufFile.open(STORIES)) {
            LoraMerger.merge(base, loras("stories260K.lora-r8", 1.0f), stories, Progress.NONE);
        }
        assertAllTensors(stories, GgmlType.F32, "blk.0.ffn_down.weight");

        Path qwenMerged = dir.resolve("qwen.gguf");
        List<ScaledLora> qwenLoras = loras("synth-qwen2-256x2.lora-r8", 1.0f);
        try (GgufFile base = GgufFile.open(QWEN)) {
            LoraMerger.merge(base, qwenLoras, qwenMerged, Progress.NONE);
        }
        assertAllTensors(qwenMerged, GgmlType.F16, "blk.1.ffn_up.weight");
        // F16 rounding of the merged weights: llama.cpp's own F16-vs-F32 distance on this model is 0.003 (golden/TOLERANCES.md).
        double f16 = distance(QWEN, qwenLoras, qwenMerged, List.of(), "qwen-r8/synth-qwen2-256x2.f32");
        assertTrue(f16 <= 0.01, "merged F16 vs unmerged: " + f16);
    }

    /** Each merged tensor is made when the writer reaches it, after those before it are in the file. */
    @Test
    void mergedTensorsAreMadeAfterThoseBeforeThemAreWritten() throws IOException {
        List<ScaledLora> loras = loras("synth-qwen2-256x2.lora-r8", 1.0f);
        Path merged = dir.resolve("streamed.gguf");
        InProgressFile file = new InProgressFile(merged);
        try (GgufFile base = GgufFile.open(QWEN)) {
            LoraMerger.merge(base, loras, merged, file::progressed);
        }
        List<String> targets = loras.getFirst().adapter().weights().stream().map(LoraWeights::target).toList();
        assertTrue(targets.size() > 10, targets.toString());
        file.assertLooksSawTheStartsOf(targets);
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
        double d = distance(QWEN, loras, merged, List.of(), golden);
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

    /**
     * {@code file} as F32 with every weight of every matrix but the token embeddings (a lookup, not a
     * product) moved one ulp up or down, seeded: a model no F32 file can tell from the original more finely.
     */
    private static void moveEveryWeightOneUlp(GgufFile file, Path out) throws IOException {
        GgufWriter writer = new GgufWriter();
        writer.putAll(file.metadata().asMap());
        Random random = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            for (GgufTensor t : file.tensors()) {
                if (t.shape().length < 2 || t.name().equals("token_embd.weight")) {
                    writer.addTensor(t.name(), t.type(), t.shape(), t.data());
                    continue;
                }
                float[] w = new float[Math.toIntExact(t.elementCount())];
                t.type().dequantize(t.data(), 0, w, 0, w.length);
                for (int i = 0; i < w.length; i++) {
                    w[i] = random.nextBoolean() ? Math.nextUp(w[i]) : Math.nextDown(w[i]);
                }
                MemorySegment data = arena.allocate(GgmlType.F32.byteSize(w.length), 64);
                GgmlType.F32.quantize(w, 0, data, 0, w.length);
                writer.addTensor(t.name(), GgmlType.F32, t.shape(), data);
            }
            writer.write(out);
        }
    }

    /** Logits of every prompt row, then of each reference generation row (its ids fed back one at a time). */
    private static float[] everyRow(Model model, ProjectionAdapter adapter, GoldenRun.Prompt p) {
        InferenceState state = model.newState();
        state.setAdapter(adapter);
        int vocabulary = model.config().vocabularySize();
        float[] prompt = state.evaluate(p.tokens(), true);
        float[] rows = Arrays.copyOf(prompt, prompt.length + (p.genIds().length - 1) * vocabulary);
        for (int i = 1; i < p.genIds().length; i++) {
            float[] row = state.evaluate(new int[] {p.genIds()[i - 1]}, false);
            System.arraycopy(row, 0, rows, prompt.length + (i - 1) * vocabulary, vocabulary);
        }
        return rows;
    }

    /** Max abs logit difference between {@code loras} unmerged on {@code base} and {@code mergedLoras} on {@code merged}. */
    private static double distance(Path base, List<ScaledLora> loras, Path merged, List<ScaledLora> mergedLoras,
                                   String goldenDir) throws IOException {
        GoldenRun golden = GoldenRun.read(LoraGoldenCase.root().resolve(goldenDir), goldenDir);
        double max = 0;
        try (Model unmerged = Model.load(base, Precision.PRECISE); Model folded = Model.load(merged, Precision.PRECISE)) {
            for (GoldenRun.Prompt p : golden.prompts()) {
                max = Math.max(max, maxAbsDiff(everyRow(unmerged, LoraStack.of(unmerged, loras), p),
                        everyRow(folded, LoraStack.of(folded, mergedLoras), p)));
            }
        }
        return max;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
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
