package dev.corvid.quantize;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.quant.GgmlType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a quantized copy of a GGUF model, as llama.cpp's {@code llama_model_quantize} does without an
 * importance matrix: the source's metadata with {@code general.quantization_version} and
 * {@code general.file_type} set (moved to the end, as llama.cpp does), then each tensor of the
 * {@link QuantizationPlan} in plan order, copied when its type does not change and otherwise expanded to
 * float and re-encoded. Tensors are made one at a time as the file is written, so memory holds one output
 * tensor, not the model; each tensor's row chunks are spread over the threads. Each chunk owns its own
 * output bytes, so the file is the same for any thread count. The file appears only when complete.
 *
 * <pre>{@code
 * try (GgufFile in = GgufFile.open(Path.of("model.F16.gguf"))) {
 *     QuantizationPlan plan = QuantizationPlan.of(in, FileType.Q4_K_M);
 *     ModelQuantizer.quantize(in, plan, Path.of("model.Q4_K_M.gguf"), ModelQuantizer.Options.threads(4));
 * }
 * }</pre>
 */
public final class ModelQuantizer {
    /** llama.cpp's {@code GGML_QNT_VERSION}: the current layout of the quantized block formats. */
    public static final int QUANTIZATION_VERSION = 2;

    /** Values expanded and re-encoded per task: big enough to amortize scheduling, small enough to balance threads. */
    private static final long CHUNK_VALUES = 1 << 18;

    /**
     * @param threads         worker threads (at least 1)
     * @param allowRequantize accept sources that are already quantized (their rounding error adds up),
     *                        which llama.cpp refuses by default too
     * @param progress        called as chunks finish
     */
    public record Options(int threads, boolean allowRequantize, Progress progress) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }

        public static Options threads(int threads) {
            return new Options(threads, false, Progress.NONE);
        }
    }

    private ModelQuantizer() {
    }

    /**
     * Writes {@code source} quantized by {@code plan} to {@code out}, atomically.
     *
     * @throws IllegalArgumentException naming the file and tensor, before anything is written, when a tensor to
     *                                  re-encode is already quantized and {@code options} do not allow that
     * @throws IOException              naming the file and tensor when re-encoding one fails, or when writing fails
     */
    public static void quantize(GgufFile source, QuantizationPlan plan, Path out, Options options) throws IOException {
        GgufWriter writer = new GgufWriter();
        writer.putAll(source.metadata().asMap());
        writer.remove("general.quantization_version").remove("general.file_type");
        writer.put("general.quantization_version", GgufValue.ofUInt32(QUANTIZATION_VERSION));
        writer.put("general.file_type", GgufValue.ofUInt32(plan.fileType().id()));

        List<QuantizationPlan.Entry> converted = plan.entries().stream().filter(QuantizationPlan.Entry::converts).toList();
        checkRequantizing(source, converted, options);
        long values = converted.stream().mapToLong(QuantizationPlan.Entry::elementCount).reduce(0, Math::addExact);
        try (ParallelWork work = new ParallelWork(options.threads(), values, options.progress())) {
            for (QuantizationPlan.Entry e : plan.entries()) {
                GgufTensor t = source.tensor(e.name());
                if (e.converts()) {
                    writer.addTensor(e.name(), e.target(), e.shape(),
                            work.tensor(e.targetBytes(), data -> Chunk.split(source, t, e, data)));
                } else {
                    writer.addTensor(e.name(), e.target(), e.shape(), t.data());
                }
            }
            writer.write(out);
        }
    }

    private static void checkRequantizing(GgufFile source, List<QuantizationPlan.Entry> converted, Options options) {
        for (QuantizationPlan.Entry e : converted) {
            GgmlType type = source.tensor(e.name()).type();
            if (type.isQuantized() && e.target() != GgmlType.F32 && !options.allowRequantize()) {
                throw new IllegalArgumentException(where(source, e) + ": is already " + type
                        + "; requantizing loses precision twice (allow it explicitly to go on)");
            }
        }
    }

    /** A run of whole rows of one tensor to expand and re-encode. */
    private record Chunk(GgufFile file, GgufTensor source, QuantizationPlan.Entry entry, MemorySegment target,
                         long firstRow, int rows) implements ParallelWork.Piece {
        static List<Chunk> split(GgufFile file, GgufTensor source, QuantizationPlan.Entry e, MemorySegment target) {
            return ParallelWork.splitRows(e.elementCount(), e.shape()[0], CHUNK_VALUES,
                    (first, rows) -> new Chunk(file, source, e, target, first, rows));
        }

        @Override
        public String where() {
            return ModelQuantizer.where(file, entry);
        }

        @Override
        public long values() {
            return rows * entry.shape()[0];
        }

        @Override
        public void run() {
            int rowLength = Math.toIntExact(entry.shape()[0]);
            float[] x = new float[rows * rowLength];
            GgmlType from = source.type();
            from.dequantize(source.data(), firstRow * from.byteSize(rowLength), x, 0, x.length);
            entry.target().quantize(x, 0, target, firstRow * entry.target().byteSize(rowLength), x.length);
        }
    }

    private static String where(GgufFile source, QuantizationPlan.Entry e) {
        return source.path().getFileName() + ": tensor " + e.name();
    }
}
