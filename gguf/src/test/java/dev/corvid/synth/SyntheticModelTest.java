package dev.corvid.synth;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.InProgressFile;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.gguf.TensorDequantizer;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.FileType;
import dev.corvid.quantize.ModelQuantizer;
import dev.corvid.quantize.ModelShape;
import dev.corvid.quantize.Progress;
import dev.corvid.quantize.QuantizationPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticModelTest {
    private static final Path QWEN_VOCAB = SharedAssets.root().resolve("vocab/ggml-vocab-qwen2.gguf");

    @TempDir
    Path tmp;

    @Test
    void qwen25HalfBillionPlanMatchesTheRealQ4_K_M() {
        ModelSpec spec = ModelSpec.preset("qwen2.5-0.5b");
        List<QuantizationPlan.TensorInfo> tensors = spec.tensors(151936).stream()
                .map(t -> new QuantizationPlan.TensorInfo(t.name(), t.shape(), t.shape().length == 1 ? GgmlType.F32 : GgmlType.F16))
                .toList();
        QuantizationPlan plan = QuantizationPlan.of(tensors, new ModelShape("qwen2", 24, 14, 2, 0), FileType.Q4_K_M);
        assertEquals("{F32=121, Q5_0=132, Q8_0=13, Q4_K=12, Q6_K=12}", plan.typeCounts().toString());
        assertEquals(391_859_712L, plan.tensorBytes());
        assertEquals(GgmlType.Q8_0, plan.entry("token_embd.weight").target()); // tied, rows of 896
        assertEquals(GgmlType.Q6_K, plan.entry("blk.0.ffn_down.weight").target());
        assertEquals(GgmlType.Q4_K, plan.entry("blk.3.ffn_down.weight").target());
    }

    @Test
    void synthQuantizeLoadRoundTrip() throws Exception {
        ModelSpec spec = new ModelSpec("qwen2", 2, 64, 128, 4, 2, 1e6f, 1e-6f, 512, true, true);
        Path f16 = tmp.resolve("synth.gguf");
        Path q = tmp.resolve("synth.Q8_0.gguf");
        try (GgufFile vocab = GgufFile.open(QWEN_VOCAB)) {
            SyntheticModel.write(spec, "test", vocab, 7, GgmlType.F16, f16, 2, Progress.NONE);
            SyntheticModel.write(spec, "test", vocab, 7, GgmlType.F16, tmp.resolve("again.gguf"), 1, Progress.NONE);
            assertEquals(-1, Files.mismatch(f16, tmp.resolve("again.gguf")), "same seed, any threads: same file");
            try (GgufFile in = GgufFile.open(f16)) {
                assertEquals(vocab.metadata().getString("tokenizer.chat_template"),
                        in.metadata().getString("tokenizer.chat_template"));
                assertEquals(151936, in.tensor("token_embd.weight").dim(1));
                assertEquals(26, in.tensors().size());
                assertTrue(in.metadata().getString("general.description").contains("seed 7"));
                ModelQuantizer.quantize(in, QuantizationPlan.of(in, FileType.Q8_0), q, ModelQuantizer.Options.threads(2));
                try (GgufFile out = GgufFile.open(q)) {
                    assertEquals(7, out.metadata().getInt("general.file_type"));
                    assertEquals(2, out.metadata().getInt("general.quantization_version"));
                    for (GgufTensor t : out.tensors()) {
                        float[] source = TensorDequantizer.toFloats(in.tensor(t.name()));
                        float[] loaded = TensorDequantizer.toFloats(t);
                        double err = 0;
                        double norm = 0;
                        for (int i = 0; i < source.length; i++) {
                            err += (loaded[i] - source[i]) * (double) (loaded[i] - source[i]);
                            norm += source[i] * (double) source[i];
                        }
                        assertTrue(err <= 1e-4 * norm, t.name() + " relative error " + Math.sqrt(err / norm));
                    }
                }
            }
        }
    }

    @Test
    void weightsHaveTheDocumentedScales() throws Exception {
        ModelSpec spec = new ModelSpec("llama", 1, 256, 512, 4, 4, 10000f, 1e-5f, 256, false, false);
        Path out = tmp.resolve("llama.gguf");
        try (GgufFile vocab = GgufFile.open(QWEN_VOCAB)) {
            SyntheticModel.write(spec, "test", vocab, 1, GgmlType.F32, out, 2, Progress.NONE);
        }
        try (GgufFile m = GgufFile.open(out)) {
            assertEquals(1 / Math.sqrt(512), std(TensorDequantizer.toFloats(m.tensor("blk.0.ffn_down.weight"))), 0.002);
            assertEquals(0.02, std(TensorDequantizer.toFloats(m.tensor("token_embd.weight"))), 0.0005);
            assertArrayEquals(new float[] {1, 1}, Arrays.copyOf(TensorDequantizer.toFloats(m.tensor("output_norm.weight")), 2));
            assertTrue(m.hasTensor("output.weight"));
            assertEquals(64, m.metadata().getInt("llama.rope.dimension_count"));
        }
    }

    /** Tensors are made one at a time as the file is written: each after those before it are in the file. */
    @Test
    void eachTensorIsMadeAfterThoseBeforeItAreWritten() throws Exception {
        ModelSpec spec = new ModelSpec("qwen2", 2, 64, 128, 4, 2, 1e6f, 1e-6f, 512, true, true);
        Path out = tmp.resolve("streamed.gguf");
        InProgressFile file = new InProgressFile(out);
        try (GgufFile vocab = GgufFile.open(QWEN_VOCAB)) {
            SyntheticModel.write(spec, "test", vocab, 7, GgmlType.F16, out, 2, file::progressed);
            List<String> names = spec.tensors(vocab.metadata().getArray("tokenizer.ggml.tokens").length()).stream()
                    .map(ModelSpec.Tensor::name).toList();
            file.assertLooksSawTheStartsOf(names);
        }
    }

    /** Shapes Corvid's loader refuses are refused here too: odd head sizes, heads not a multiple of kv heads. */
    @Test
    void shapesCorvidCannotRunAreRefused() {
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("llama", 1, 60, 128, 4, 4, 10000f, 1e-5f, 256, false, false));
        assertTrue(odd.getMessage().contains("head size 15"), odd.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec("llama", 1, 64, 128, 4, 3, 10000f, 1e-5f, 256, false, false));
        new ModelSpec("llama", 1, 64, 128, 4, 2, 10000f, 1e-5f, 256, false, false);
    }

    @Test
    void anEmptyVocabularyIsRefused() throws Exception {
        Path empty = tmp.resolve("empty-vocab.gguf");
        new GgufWriter().put("tokenizer.ggml.model", GgufValue.ofString("gpt2"))
                .put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(new String[0])))
                .write(empty);
        ModelSpec spec = new ModelSpec("llama", 1, 64, 128, 4, 2, 10000f, 1e-5f, 256, false, false);
        try (GgufFile vocab = GgufFile.open(empty)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticModel.write(spec,
                    "test", vocab, 1, GgmlType.F32, tmp.resolve("out.gguf"), 1, Progress.NONE));
            assertTrue(e.getMessage().contains("empty-vocab.gguf") && e.getMessage().contains("empty"), e.getMessage());
        }
        assertTrue(Files.notExists(tmp.resolve("out.gguf")));
    }

    private static double std(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * (double) v;
        }
        return Math.sqrt(s / x.length);
    }
}
