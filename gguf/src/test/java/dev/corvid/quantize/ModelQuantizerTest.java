package dev.corvid.quantize;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.InProgressFile;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.gguf.TensorDequantizer;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quantizes the float sources of the shared models to each file type llama.cpp made from them and compares
 * with llama.cpp's files: (a) tensor bytes, (b) each tensor's RMS error against the source, which must be
 * within 1.05x of llama.cpp's. The sources are {@code stories260K.gguf} (F32) and
 * {@code synth-qwen2-256x2.F16.gguf}, whose weights are exactly the F32 master llama.cpp quantized.
 * Prints the table docs/quantization.md shows.
 */
class ModelQuantizerTest {
    @TempDir
    Path tmp;

    static String sourceOf(String name) {
        if (name.startsWith("stories260K.") && !name.equals("stories260K.gguf")) {
            return "stories260K.gguf";
        }
        if (name.startsWith("synth-qwen2-256x2.") && !name.equals("synth-qwen2-256x2.F16.gguf")) {
            return "synth-qwen2-256x2.F16.gguf";
        }
        return null;
    }

    @Test
    void quantizedFilesMatchLlamaCppTensorForTensor() throws Exception {
        Map<String, String> table = new TreeMap<>();
        List<String> tooLossy = new ArrayList<>();
        int tensors = 0;
        int identical = 0;
        int identicalFiles = 0;
        for (Path reference : SharedAssets.ggufFiles("models")) {
            String name = reference.getFileName().toString();
            String sourceName = sourceOf(name);
            if (sourceName == null) {
                continue;
            }
            Path out = tmp.resolve(name);
            try (GgufFile source = GgufFile.open(SharedAssets.models().resolve(sourceName));
                 GgufFile llama = GgufFile.open(reference)) {
                FileType fileType = FileType.byId(llama.metadata().getLong("general.file_type")).orElseThrow();
                ModelQuantizer.quantize(source, QuantizationPlan.of(source, fileType), out, ModelQuantizer.Options.threads(2));
                try (GgufFile ours = GgufFile.open(out)) {
                    int same = 0;
                    double worst = 0;
                    for (GgufTensor expected : llama.tensors()) {
                        GgufTensor actual = ours.tensor(expected.name());
                        assertEquals(expected.type(), actual.type(), name + " " + expected.name());
                        same += actual.data().mismatch(expected.data()) < 0 ? 1 : 0;
                        float[] x = TensorDequantizer.toFloats(source.tensor(expected.name()));
                        double ratio = ratio(rms(TensorDequantizer.toFloats(actual), x),
                                rms(TensorDequantizer.toFloats(expected), x));
                        worst = Math.max(worst, ratio);
                        if (ratio > 1.05) {
                            tooLossy.add(name + " " + expected.name() + " " + ratio);
                        }
                    }
                    tensors += llama.tensors().size();
                    identical += same;
                    boolean wholeFile = Files.mismatch(out, reference) < 0;
                    identicalFiles += wholeFile ? 1 : 0;
                    table.put(name, String.format("| %s | %s | %d / %d | %.4f | %s |", name, fileType,
                            same, llama.tensors().size(), worst, wholeFile ? "yes" : "no"));
                }
            }
        }
        System.out.println("| file | type | tensors byte-identical | worst RMS ratio | whole file identical |");
        System.out.println("| --- | --- | --- | --- | --- |");
        table.values().forEach(System.out::println);
        assertEquals(List.of(), tooLossy);
        assertEquals(tensors, identical, "tensors byte-identical to llama.cpp's");
        assertEquals(526, tensors, "tensors compared");
        assertEquals(16, identicalFiles, "files byte-identical to llama.cpp's");
    }

    /** RMS of our error over llama.cpp's; 1 when both are exact. */
    private static double ratio(double ours, double llama) {
        return llama == 0 ? (ours == 0 ? 1 : Double.POSITIVE_INFINITY) : ours / llama;
    }

    private static double rms(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum / a.length);
    }

    @Test
    void theOutputIsTheSameForAnyThreadCount() throws Exception {
        Path source = SharedAssets.models().resolve("synth-qwen2-256x2.F16.gguf");
        try (GgufFile in = GgufFile.open(source)) {
            QuantizationPlan plan = QuantizationPlan.of(in, FileType.Q3_K_M);
            ModelQuantizer.quantize(in, plan, tmp.resolve("one.gguf"), ModelQuantizer.Options.threads(1));
            ModelQuantizer.quantize(in, plan, tmp.resolve("three.gguf"), ModelQuantizer.Options.threads(3));
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("one.gguf")), Files.readAllBytes(tmp.resolve("three.gguf")));
    }

    /**
     * Tensors are quantized one at a time as the file is written: whenever a chunk finishes, the file holds
     * the header and exactly the tensors before the one being quantized.
     */
    @Test
    void eachTensorIsQuantizedAfterThoseBeforeItAreWritten() throws Exception {
        Path out = tmp.resolve("streamed.gguf");
        InProgressFile file = new InProgressFile(out);
        try (GgufFile in = GgufFile.open(SharedAssets.models().resolve("synth-qwen2-256x2.F16.gguf"))) {
            QuantizationPlan plan = QuantizationPlan.of(in, FileType.Q4_K_M);
            ModelQuantizer.quantize(in, plan, out, new ModelQuantizer.Options(2, false, file::progressed));
            List<String> converted = plan.entries().stream().filter(QuantizationPlan.Entry::converts)
                    .map(QuantizationPlan.Entry::name).toList();
            assertTrue(converted.size() > 10, converted.toString());
            file.assertLooksSawTheStartsOf(converted);
        }
    }

    @Test
    void requantizingNeedsConsentAndErrorsNameTheTensor() throws Exception {
        Path source = SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf");
        try (GgufFile in = GgufFile.open(source)) {
            QuantizationPlan plan = QuantizationPlan.of(in, FileType.Q4_K_M);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelQuantizer.quantize(in, plan, tmp.resolve("q.gguf"), ModelQuantizer.Options.threads(1)));
            assertTrue(e.getMessage().startsWith("synth-qwen2-256x2.Q8_0.gguf: tensor token_embd.weight: is already Q8_0"),
                    e.getMessage());
            assertTrue(Files.notExists(tmp.resolve("q.gguf")));
            ModelQuantizer.quantize(in, plan, tmp.resolve("q.gguf"),
                    new ModelQuantizer.Options(1, true, (done, total) -> { }));
        }
        try (GgufFile q = GgufFile.open(tmp.resolve("q.gguf"))) {
            assertEquals(15, q.metadata().getInt("general.file_type"));
        }
    }

    @Test
    void dequantizingToF32NeedsNoConsentAndIsExact() throws Exception {
        Path source = SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf");
        Path out = tmp.resolve("f32.gguf");
        try (GgufFile in = GgufFile.open(source)) {
            ModelQuantizer.quantize(in, QuantizationPlan.of(in, FileType.F32), out, ModelQuantizer.Options.threads(1));
            try (GgufFile f32 = GgufFile.open(out)) {
                GgufTensor quantized = in.tensor("blk.0.attn_q.weight");
                GgufTensor dequantized = f32.tensor("blk.0.attn_q.weight");
                assertEquals(GgmlType.F32, dequantized.type());
                int n = Math.toIntExact(quantized.elementCount());
                float[] expected = new float[n];
                float[] actual = new float[n];
                quantized.type().dequantize(quantized.data(), 0, expected, 0, n);
                dequantized.type().dequantize(dequantized.data(), 0, actual, 0, n);
                assertArrayEquals(expected, actual);
            }
        }
    }
}
