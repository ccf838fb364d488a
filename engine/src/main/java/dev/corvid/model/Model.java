package dev.corvid.model;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.kernel.KernelWarmup;
import dev.corvid.kernel.WorkerPool;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Llama-family model loaded from a GGUF file. Immutable and thread-safe once loaded: share one
 * instance and give each thread its own {@link InferenceState}.
 *
 * <pre>{@code
 * try (Model model = Model.load(Path.of("qwen2.Q4_K_M.gguf"), Precision.FAST)) {
 *     InferenceState state = model.newState();
 *     float[] logits = state.evaluate(new int[] {9707, 11, 1879}, false);
 * }
 * }</pre>
 *
 * Closing unmaps the file: states must not be used afterwards.
 */
public final class Model implements AutoCloseable {
    /** Context positions a state holds unless asked for another size (llama.cpp's default). */
    public static final int DEFAULT_CONTEXT = 4096;

    private final GgufFile gguf;
    private final ModelConfig config;
    private final Precision precision;
    private final Transformer transformer;
    /** A pool of the model's own, closed with it; null when it computes on the shared pool. */
    private final WorkerPool ownPool;
    /** Fast mode's weight memory: repacked copies and views of the mapped file. */
    private final Arena weights;

    private Model(GgufFile gguf, ModelConfig config, Precision precision, Transformer transformer,
                  WorkerPool ownPool, Arena weights) {
        this.gguf = gguf;
        this.weights = weights;
        this.config = config;
        this.precision = precision;
        this.transformer = transformer;
        this.ownPool = ownPool;
    }

    /**
     * Opens {@code path} and prepares its weights in {@code precision}.
     *
     * @throws UnsupportedModelException for an architecture or option Corvid does not implement
     * @throws dev.corvid.gguf.GgufFormatException for a malformed file, a missing or misshapen tensor
     */
    public static Model load(Path path, Precision precision) throws IOException {
        return load(path, precision, WorkerPool.shared(), false);
    }

    /** As {@link #load(Path, Precision)}, computing with {@code threads} threads of the model's own. */
    public static Model load(Path path, Precision precision, int threads) throws IOException {
        if (threads == WorkerPool.shared().workers()) {
            return load(path, precision);
        }
        WorkerPool pool = new WorkerPool(threads);
        try {
            return load(path, precision, pool, true);
        } catch (IOException | RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    private static Model load(Path path, Precision precision, WorkerPool pool, boolean ownsPool) throws IOException {
        GgufFile gguf = GgufFile.open(path);
        Arena arena = Arena.ofShared();
        try {
            ModelConfig config = ModelConfig.read(gguf);
            KernelWarmup warmup = precision == Precision.FAST ? warmUp(gguf) : null;
            ModelWeights weights = ModelWeights.load(new TensorLoader(gguf, precision, arena), config);
            if (warmup != null) {
                warmup.await();
            }
            return new Model(gguf, config, precision, new Transformer(config, weights, precision, pool),
                    ownsPool ? pool : null, arena);
        } catch (RuntimeException | Error e) {
            // an OutOfMemoryError while decoding weights must not leave the file mapped
            arena.close();
            gguf.close();
            throw e;
        }
    }

    /** Starts compiling the kernels of the file's matrix types, unless the model is small enough not to need it. */
    private static KernelWarmup warmUp(GgufFile gguf) {
        List<GgufTensor> matrices = gguf.tensors().stream().filter(t -> t.rank() == 2).toList();
        long weights = matrices.stream().mapToLong(GgufTensor::elementCount).sum();
        if (weights < KernelWarmup.WORTHWHILE_WEIGHTS) {
            return null;
        }
        return KernelWarmup.start(matrices.stream().map(GgufTensor::type).collect(Collectors.toSet()));
    }

    /** The file's metadata: tokenizer, chat template and everything else the model itself does not use. */
    public GgufMetadata metadata() {
        return gguf.metadata();
    }

    public ModelConfig config() {
        return config;
    }

    public Precision precision() {
        return precision;
    }

    /**
     * The ggml shape ({@code ne}, innermost first) of the file's tensor {@code name}, or empty when the
     * file has none: what adapters check their targets against.
     */
    public Optional<long[]> tensorShape(String name) {
        return gguf.hasTensor(name) ? Optional.of(gguf.tensor(name).shape()) : Optional.empty();
    }

    /**
     * A fresh state holding {@code min(DEFAULT_CONTEXT, the training context)} positions: a model trained
     * on 128K positions would otherwise take gigabytes of cache for a short chat.
     */
    public InferenceState newState() {
        return newState(Math.min(DEFAULT_CONTEXT, config.contextLength()));
    }

    /**
     * A fresh state whose cache holds up to {@code contextLength} positions. The cache's memory is linear in the
     * positions filled, and taken as they fill (doubling): a long evaluation, not this call, is where memory may
     * run out.
     */
    public InferenceState newState(int contextLength) {
        if (contextLength <= 0) {
            throw new IllegalArgumentException("context length must be positive: " + contextLength);
        }
        if (transformer.cacheKeyFloats(contextLength) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(gguf.path() + ": a cache of " + contextLength + " positions x "
                    + config.kvDim() + " key/value floats per layer is more than a Java array holds; ask for fewer positions");
        }
        return new InferenceState(this, transformer.newCache(contextLength), transformer.newWorkspace());
    }

    Transformer transformer() {
        return transformer;
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
        weights.close();
        gguf.close();
    }
}
