package dev.corvid.lora;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.FileType;
import dev.corvid.quantize.ModelQuantizer;
import dev.corvid.quantize.Progress;
import dev.corvid.quantize.QuantizationPlan;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Folds adapters into a model's weights, {@code W' = W + sum of s B A}, and writes the merged model: what
 * llama.cpp's {@code llama-export-lora} does. The sum is computed in float on the dequantized weight; the
 * other tensors and all metadata are copied unchanged. Each merged tensor is computed when the file is written
 * and released right after, so memory holds one merged tensor, not the whole model.
 *
 * <pre>{@code
 * try (GgufFile base = GgufFile.open(Path.of("model.F16.gguf"))) {
 *     LoraMerger.merge(base, List.of(style.scaled(1.0f)), Path.of("merged.gguf"), Progress.NONE);
 *     LoraMerger.merge(base, List.of(style.scaled(1.0f)), FileType.Q4_K_M, false, 2, Path.of("merged.Q4_K_M.gguf"),
 *             Progress.NONE);
 * }
 * }</pre>
 */
public final class LoraMerger {
    private LoraMerger() {
    }

    /**
     * Merges with llama-export-lora's choice of type for each merged weight: F32 where the base weight is F32,
     * F16 otherwise (a quantized weight would lose the correction to its own rounding). Writes {@code out}
     * atomically.
     *
     * @throws IncompatibleAdapterException when an adapter does not fit {@code base}
     */
    public static void merge(GgufFile base, List<ScaledLora> loras, Path out, Progress progress) throws IOException {
        merge(base, loras, type -> type == GgmlType.F32 ? GgmlType.F32 : GgmlType.F16, out, progress);
    }

    /**
     * Merges in float, then quantizes the whole merged model to {@code fileType} with llama.cpp's per-tensor
     * choices ({@link QuantizationPlan}), as if {@code llama-quantize} ran on an F32 export. The F32 export is a
     * temporary file beside {@code out}; both passes hold one tensor in memory at a time.
     *
     * @param allowRequantize accept re-encoding weights the base already holds quantized in another type
     * @param threads         quantizer threads
     */
    public static void merge(GgufFile base, List<ScaledLora> loras, FileType fileType, boolean allowRequantize,
                             int threads, Path out, Progress progress) throws IOException {
        Path merged = out.resolveSibling(out.getFileName() + ".merged-f32.tmp");
        try {
            merge(base, loras, type -> GgmlType.F32, merged, progress);
            try (GgufFile f32 = GgufFile.open(merged)) {
                ModelQuantizer.quantize(f32, QuantizationPlan.of(f32, fileType), out,
                        new ModelQuantizer.Options(threads, allowRequantize, progress));
            }
        } finally {
            Files.deleteIfExists(merged);
        }
    }

    private static void merge(GgufFile base, List<ScaledLora> loras, UnaryOperator<GgmlType> mergedType, Path out,
                              Progress progress) throws IOException {
        Map<String, List<ScaledWeights>> byTarget = targets(base, loras);
        long total = byTarget.keySet().stream().mapToLong(name -> base.tensor(name).elementCount()).sum();
        AtomicLong done = new AtomicLong();
        GgufWriter writer = new GgufWriter();
        writer.putAll(base.metadata().asMap());
        for (GgufTensor t : base.tensors()) {
            List<ScaledWeights> terms = byTarget.get(t.name());
            if (terms == null) {
                writer.addTensor(t.name(), t.type(), t.shape(), t.data());
                continue;
            }
            GgmlType type = mergedType.apply(t.type());
            // Merged only when the writer reaches it, and released once written: one merged tensor in memory.
            writer.addTensor(t.name(), type, t.shape(), arena -> {
                float[] w = mergedWeight(t, terms);
                MemorySegment data = arena.allocate(type.byteSize(w.length), 64);
                type.quantize(w, 0, data, 0, w.length);
                progress.update(done.addAndGet(w.length), total);
                return data;
            });
        }
        writer.write(out);
    }

    private record ScaledWeights(LoraWeights weights, float scale) {
    }

    /** The adapters' weights by target, checked against {@code base}; adapters at scale 0 change nothing. */
    private static Map<String, List<ScaledWeights>> targets(GgufFile base, List<ScaledLora> loras) {
        BaseModelCheck check = new BaseModelCheck(base.metadata().getString(LoraFile.ARCHITECTURE),
                name -> base.hasTensor(name) ? Optional.of(base.tensor(name).shape())
                        : Optional.empty(),
                base.path().getFileName().toString());
        Map<String, List<ScaledWeights>> byTarget = new HashMap<>();
        for (ScaledLora lora : loras) {
            LoraAdapter adapter = lora.adapter();
            check.targets(adapter, adapter.source());
            if (lora.scale() == 0.0f) {
                continue;
            }
            for (LoraWeights w : adapter.weights()) {
                byTarget.computeIfAbsent(w.target(), k -> new ArrayList<>())
                        .add(new ScaledWeights(w, w.scale(adapter.alpha(), lora.scale())));
            }
        }
        return byTarget;
    }

    /** {@code W + s B A} per adapter, row by row: each row's {@code B A} in float, scaled, then added. */
    private static float[] mergedWeight(GgufTensor t, List<ScaledWeights> terms) {
        int cols = Math.toIntExact(t.dim(0));
        int rows = Math.toIntExact(t.dim(1));
        float[] w = new float[Math.multiplyExact(rows, cols)];
        t.type().dequantize(t.data(), 0, w, 0, w.length);
        float[] delta = new float[cols];
        for (ScaledWeights term : terms) {
            LoraWeights lw = term.weights();
            for (int o = 0; o < rows; o++) {
                Arrays.fill(delta, 0f);
                for (int k = 0; k < lw.rank(); k++) {
                    float bk = lw.b()[o * lw.rank() + k];
                    int aRow = k * cols;
                    for (int i = 0; i < cols; i++) {
                        delta[i] += bk * lw.a()[aRow + i];
                    }
                }
                for (int i = 0; i < cols; i++) {
                    w[o * cols + i] += term.scale() * delta[i];
                }
            }
        }
        return w;
    }
}
