package dev.corvid.quantize;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.quant.GgmlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What quantizing a model to a {@link FileType} does to each tensor, decided from names, shapes and a few
 * hyperparameters only, as llama.cpp's {@code llama_model_quantize} decides it. Tensors are listed in the
 * order llama.cpp writes them: tensors outside the layers first, then layer by layer, by name within each.
 *
 * <pre>{@code
 * try (GgufFile f16 = GgufFile.open(Path.of("model.F16.gguf"))) {
 *     QuantizationPlan plan = QuantizationPlan.of(f16, FileType.Q4_K_M);
 *     plan.typeCounts();   // {F32=121, Q5_0=132, Q8_0=13, Q4_K=12, Q6_K=12} for Qwen2.5-0.5B
 *     plan.tensorBytes();  // 397,804,960
 * }
 * }</pre>
 */
public record QuantizationPlan(FileType fileType, List<Entry> entries) {

    /**
     * One tensor: its source type and the type it is written in. When the two are equal the bytes are
     * copied unchanged.
     */
    public record Entry(String name, long[] shape, GgmlType source, GgmlType target) {
        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        public long targetBytes() {
            return target.byteSize(elementCount());
        }

        public boolean converts() {
            return source != target;
        }
    }

    /** A tensor as the plan needs it: no data. */
    public record TensorInfo(String name, long[] shape, GgmlType type) {
    }

    public QuantizationPlan {
        entries = List.copyOf(entries);
    }

    /**
     * The plan for the tensors and hyperparameters of {@code model}.
     *
     * @throws GgufFormatException naming the file when its hyperparameters or tensor names do not make sense
     */
    public static QuantizationPlan of(GgufFile model, FileType fileType) {
        List<TensorInfo> tensors = model.tensors().stream()
                .map((GgufTensor t) -> new TensorInfo(t.name(), t.shape(), t.type()))
                .toList();
        ModelShape shape = ModelShape.of(model.metadata());
        try {
            return of(tensors, shape, fileType);
        } catch (IllegalArgumentException e) {
            throw new GgufFormatException(model.path().getFileName() + ": " + e.getMessage(), e);
        }
    }

    public static QuantizationPlan of(List<TensorInfo> tensors, ModelShape model, FileType fileType) {
        List<TensorInfo> ordered = new ArrayList<>(tensors);
        ordered.sort(LLAMA_CPP_ORDER);
        TensorTypeRules rules = new TensorTypeRules(model, fileType, ordered.stream().map(TensorInfo::name).toList());
        List<Entry> entries = new ArrayList<>();
        for (TensorInfo t : ordered) {
            entries.add(new Entry(t.name(), t.shape(), t.type(), rules.choose(t.name(), t.shape(), t.type())));
        }
        return new QuantizationPlan(fileType, entries);
    }

    /** llama.cpp's {@code weight_name_comparer}: by layer number (-1 outside layers), then by name. */
    private static final Comparator<TensorInfo> LLAMA_CPP_ORDER = Comparator
            .comparingInt((TensorInfo t) -> TensorTypeRules.layerOf(t.name()))
            .thenComparing(TensorInfo::name);

    /** Bytes of tensor data in the output, without alignment padding. */
    public long tensorBytes() {
        return entries.stream().mapToLong(Entry::targetBytes).sum();
    }

    /** How many tensors get each type, in ggml type order. */
    public Map<GgmlType, Integer> typeCounts() {
        Map<GgmlType, Integer> counts = new EnumMap<>(GgmlType.class);
        entries.forEach(e -> counts.merge(e.target(), 1, Integer::sum));
        return counts;
    }

    public Entry entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tensor '" + name + "' in the plan"));
    }
}
