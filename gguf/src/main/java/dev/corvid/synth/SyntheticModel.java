package dev.corvid.synth;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;
import dev.corvid.quant.GgmlType;
import dev.corvid.quantize.ParallelWork;
import dev.corvid.quantize.Progress;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a GGUF model with the structure of a {@link ModelSpec}, seeded random weights and the tokenizer
 * (and chat template, if any) of a vocabulary GGUF: a stand-in for a real model when testing loading,
 * quantization and speed. Its text is noise. The same seed gives the same file for any thread count:
 * each row of each tensor draws from its own generator, seeded from the seed, the tensor name and the row.
 * Tensors are made one at a time as the file is written, so memory holds one tensor, not the model.
 *
 * <pre>{@code
 * try (GgufFile vocab = GgufFile.open(Path.of("ggml-vocab-qwen2.gguf"))) {
 *     SyntheticModel.write(ModelSpec.preset("qwen2.5-0.5b"), "qwen2.5-0.5b", vocab, 42, GgmlType.F16,
 *             Path.of("synth.gguf"), 4, (done, total) -> { });
 * }
 * }</pre>
 */
public final class SyntheticModel {
    private static final double EMBEDDING_STD = 0.02;
    private static final double BIAS_STD = 0.02;
    private static final long ROW_VALUES_PER_TASK = 1 << 20;

    private SyntheticModel() {
    }

    /**
     * @param label  what to call the model in its name and description, e.g. the preset name
     * @param type   F32 or F16 for the matrices; 1-D tensors are always F32, as converters write them
     */
    public static void write(ModelSpec spec, String label, GgufFile vocab, long seed, GgmlType type, Path out,
                             int threads, Progress progress) throws IOException {
        if (type != GgmlType.F32 && type != GgmlType.F16) {
            throw new IllegalArgumentException("synthetic weights are written as F32 or F16, not " + type);
        }
        if (!vocab.metadata().contains("tokenizer.ggml.tokens")) {
            throw new IllegalArgumentException(vocab.path() + " has no tokenizer.ggml.tokens: not a vocabulary GGUF");
        }
        int vocabSize = vocab.metadata().getArray("tokenizer.ggml.tokens").length();
        if (vocabSize == 0) {
            throw new IllegalArgumentException(vocab.path() + ": tokenizer.ggml.tokens is empty: no vocabulary");
        }
        GgufWriter writer = new GgufWriter();
        putHyperparameters(writer, spec, label, seed, type, vocab);
        List<ModelSpec.Tensor> tensors = spec.tensors(vocabSize);
        long values = tensors.stream().mapToLong(ModelSpec.Tensor::elementCount).reduce(0, Math::addExact);
        try (ParallelWork work = new ParallelWork(threads, values, progress)) {
            for (ModelSpec.Tensor t : tensors) {
                GgmlType tensorType = t.shape().length == 1 ? GgmlType.F32 : type;
                writer.addTensor(t.name(), tensorType, t.shape(), work.tensor(tensorType.byteSize(t.elementCount()),
                        data -> Task.split(t, tensorType, data, seed)));
            }
            writer.write(out);
        }
    }

    private static void putHyperparameters(GgufWriter w, ModelSpec spec, String label, long seed, GgmlType type,
                                           GgufFile vocab) {
        String arch = spec.architecture();
        w.put("general.architecture", GgufValue.ofString(arch));
        w.put("general.name", GgufValue.ofString("synthetic " + label));
        w.put("general.description", GgufValue.ofString("Synthetic " + label + " (" + arch + ") with seeded random"
                + " weights, not a trained model: written by corvid synth, seed " + seed + "; matrices N(0, 1/fan_in),"
                + " token embeddings N(0, 0.02^2), q/k/v biases N(0, 0.02^2), norms 1; matrices " + type
                + "; tokenizer copied from " + vocab.path().getFileName() + "."));
        w.put("general.file_type", GgufValue.ofUInt32(type == GgmlType.F16 ? 1 : 0));
        w.put(arch + ".context_length", GgufValue.ofUInt32(spec.context()));
        w.put(arch + ".embedding_length", GgufValue.ofUInt32(spec.width()));
        w.put(arch + ".block_count", GgufValue.ofUInt32(spec.layers()));
        w.put(arch + ".feed_forward_length", GgufValue.ofUInt32(spec.ffn()));
        w.put(arch + ".attention.head_count", GgufValue.ofUInt32(spec.heads()));
        w.put(arch + ".attention.head_count_kv", GgufValue.ofUInt32(spec.kvHeads()));
        w.put(arch + ".rope.freq_base", GgufValue.ofFloat32(spec.ropeBase()));
        w.put(arch + ".attention.layer_norm_rms_epsilon", GgufValue.ofFloat32(spec.rmsEps()));
        if (arch.equals("llama")) {
            w.put("llama.rope.dimension_count", GgufValue.ofUInt32(spec.headSize()));
            w.put("llama.vocab_size", GgufValue.ofUInt32(vocab.metadata().getArray("tokenizer.ggml.tokens").length()));
        }
        vocab.metadata().asMap().forEach((key, value) -> {
            if (key.startsWith("tokenizer.")) {
                w.put(key, value);
            }
        });
    }

    /** Rows {@code [firstRow, firstRow + rows)} of one tensor. */
    private record Task(ModelSpec.Tensor tensor, GgmlType type, MemorySegment data, long seed, long firstRow, int rows)
            implements ParallelWork.Piece {
        static List<Task> split(ModelSpec.Tensor t, GgmlType type, MemorySegment data, long seed) {
            return ParallelWork.splitRows(t.elementCount(), t.shape()[0], ROW_VALUES_PER_TASK,
                    (first, rows) -> new Task(t, type, data, seed, first, rows));
        }

        @Override
        public String where() {
            return "tensor " + tensor.name();
        }

        @Override
        public long values() {
            return rows * tensor.shape()[0];
        }

        @Override
        public void run() {
            int rowLength = Math.toIntExact(tensor.shape()[0]);
            float[] row = new float[rowLength];
            long nameHash = fnv1a(tensor.name());
            double std = switch (tensor.init()) {
                case MATRIX -> 1 / Math.sqrt(rowLength);
                case EMBEDDING -> EMBEDDING_STD;
                case BIAS -> BIAS_STD;
                case ONES -> 0;
            };
            for (int r = 0; r < rows; r++) {
                long rowIndex = firstRow + r;
                if (tensor.init() == ModelSpec.Init.ONES) {
                    Arrays.fill(row, 1f);
                } else {
                    SplittableRandom random = new SplittableRandom(mix(seed, nameHash, rowIndex));
                    for (int i = 0; i < rowLength; i++) {
                        row[i] = (float) (random.nextGaussian() * std);
                    }
                }
                type.quantize(row, 0, data, rowIndex * type.byteSize(rowLength), rowLength);
            }
        }
    }

    /** 64-bit FNV-1a of the UTF-8 name: a stable hash (String.hashCode is only 32 bits). */
    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer over the three inputs, so neighbouring rows get unrelated streams. */
    private static long mix(long seed, long nameHash, long row) {
        long z = seed * 0x9E3779B97F4A7C15L + nameHash;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + row;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
