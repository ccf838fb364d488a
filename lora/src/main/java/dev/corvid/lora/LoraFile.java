package dev.corvid.lora;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufFormatException;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.GgufValue;
import dev.corvid.gguf.GgufWriter;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * llama.cpp's LoRA adapter GGUF ({@code src/llama-adapter.cpp}): metadata {@code general.type = adapter},
 * {@code adapter.type = lora}, {@code adapter.lora.alpha} (f32, optional) and {@code general.architecture};
 * per adapted weight {@code W} (ggml shape {@code [inputs, outputs]}) the tensors {@code W.lora_a}, shape
 * {@code [inputs, rank]}, and {@code W.lora_b}, shape {@code [rank, outputs]}. Tensors ending in
 * {@code _norm.weight} are skipped, as llama.cpp skips them; any other name is an error.
 */
final class LoraFile {
    static final String GENERAL_TYPE = "general.type";
    static final String ARCHITECTURE = "general.architecture";
    static final String ADAPTER_TYPE = "adapter.type";
    static final String ALPHA = "adapter.lora.alpha";
    static final String A_SUFFIX = ".lora_a";
    static final String B_SUFFIX = ".lora_b";
    private static final String IGNORED_SUFFIX = "_norm.weight";
    /** The most values a factor may have: the longest float[] a JVM allocates. */
    private static final long MAX_FACTOR_VALUES = Integer.MAX_VALUE - 8;

    private LoraFile() {
    }

    static LoraAdapter read(Path path) throws IOException {
        try (GgufFile gguf = GgufFile.open(path)) {
            String file = path.getFileName().toString();
            GgufMetadata md = gguf.metadata();
            String generalType = md.findString(GENERAL_TYPE).orElse("");
            if (!generalType.equals("adapter")) {
                throw new GgufFormatException(file + ": not a LoRA adapter: general.type is '" + generalType
                        + "', expected 'adapter'");
            }
            String adapterType = md.findString(ADAPTER_TYPE).orElse("");
            if (!adapterType.equals("lora")) {
                throw new GgufFormatException(file + ": adapter.type is '" + adapterType + "', expected 'lora'");
            }
            String architecture = md.findString(ARCHITECTURE).orElseThrow(
                    () -> new GgufFormatException(file + ": no general.architecture: which base model is it for?"));
            float alpha = md.getFloat(ALPHA, 0.0f);

            Map<String, GgufTensor[]> pairs = new TreeMap<>();
            for (GgufTensor t : gguf.tensors()) {
                String name = t.name();
                if (name.endsWith(A_SUFFIX)) {
                    pairs.computeIfAbsent(strip(name, A_SUFFIX), k -> new GgufTensor[2])[0] = t;
                } else if (name.endsWith(B_SUFFIX)) {
                    pairs.computeIfAbsent(strip(name, B_SUFFIX), k -> new GgufTensor[2])[1] = t;
                } else if (!name.endsWith(IGNORED_SUFFIX)) {
                    throw new GgufFormatException(file + ": tensor '" + name + "' has an unexpected suffix (expected "
                            + A_SUFFIX + ", " + B_SUFFIX + " or " + IGNORED_SUFFIX + ")");
                }
            }
            if (pairs.isEmpty()) {
                throw new GgufFormatException(file + ": no LoRA tensors: an adapter needs at least one "
                        + A_SUFFIX + " / " + B_SUFFIX + " pair");
            }
            List<LoraWeights> weights = new ArrayList<>();
            pairs.forEach((target, pair) -> weights.add(weights(file, target, pair[0], pair[1])));
            return new LoraAdapter(file, architecture, alpha, weights);
        }
    }

    private static LoraWeights weights(String file, String target, GgufTensor a, GgufTensor b) {
        if (a == null || b == null) {
            throw new GgufFormatException(file + ": LoRA pair for '" + target + "' lacks its "
                    + (a == null ? A_SUFFIX : B_SUFFIX) + " tensor");
        }
        if (a.rank() != 2 || b.rank() != 2) {
            throw new GgufFormatException(file + ": LoRA tensors of '" + target + "' must be matrices, got ["
                    + a.shapeString() + "] and [" + b.shapeString() + "]");
        }
        if (a.dim(1) != b.dim(0)) {
            throw new GgufFormatException(file + ": rank mismatch for '" + target + "': " + target + A_SUFFIX
                    + " [" + a.shapeString() + "] has rank " + a.dim(1) + ", " + target + B_SUFFIX + " ["
                    + b.shapeString() + "] has rank " + b.dim(0));
        }
        long rank = a.dim(1);
        long inputs = a.dim(0);
        long outputs = b.dim(1);
        if (rank <= 0 || inputs <= 0 || outputs <= 0) {
            throw new GgufFormatException(file + ": LoRA tensors of '" + target + "' are empty: rank " + rank + ", "
                    + inputs + " inputs, " + outputs + " outputs ([" + a.shapeString() + "] and [" + b.shapeString()
                    + "])");
        }
        if (a.elementCount() > MAX_FACTOR_VALUES || b.elementCount() > MAX_FACTOR_VALUES) {
            throw new GgufFormatException(file + ": LoRA tensors of '" + target + "' are too large to load: ["
                    + a.shapeString() + "] and [" + b.shapeString() + "]");
        }
        LoraTensorTypes.check(a.type(), a.dim(0), file + ": tensor '" + a.name() + "'");
        LoraTensorTypes.check(b.type(), b.dim(0), file + ": tensor '" + b.name() + "'");
        // every dimension is at most the element count, so each fits in an int
        return new LoraWeights(target, (int) rank, (int) inputs, (int) outputs, decode(a), decode(b), a.type(),
                b.type());
    }

    private static float[] decode(GgufTensor t) {
        float[] values = new float[Math.toIntExact(t.elementCount())];
        t.type().dequantize(t.data(), 0, values, 0, values.length);
        return values;
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    static void write(LoraAdapter adapter, Path path) throws IOException {
        GgufWriter w = new GgufWriter();
        w.put(GENERAL_TYPE, GgufValue.ofString("adapter"));
        w.put(ARCHITECTURE, GgufValue.ofString(adapter.architecture()));
        w.put(ADAPTER_TYPE, GgufValue.ofString("lora"));
        w.put(ALPHA, GgufValue.ofFloat32(adapter.alpha()));
        try (Arena arena = Arena.ofConfined()) {
            for (LoraWeights lw : adapter.weights()) {
                w.addTensor(lw.target() + A_SUFFIX, lw.aType(), new long[] {lw.inputs(), lw.rank()},
                        LoraTensorTypes.encode(lw.a(), lw.aType(), arena));
                w.addTensor(lw.target() + B_SUFFIX, lw.bType(), new long[] {lw.rank(), lw.outputs()},
                        LoraTensorTypes.encode(lw.b(), lw.bType(), arena));
            }
            w.write(path);
        }
    }
}
