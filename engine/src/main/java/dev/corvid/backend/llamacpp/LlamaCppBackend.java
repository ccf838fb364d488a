package dev.corvid.backend.llamacpp;

import dev.corvid.backend.BackendOptions;
import dev.corvid.backend.InferenceBackend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One llama.cpp model and context behind {@link InferenceBackend}; obtained from {@link LlamaCpp#open}.
 *
 * <pre>{@code
 * try (LlamaCppBackend backend = llama.open(model, BackendOptions.DEFAULT, LlamaSettings.REFERENCE)) {
 *     backend.addLoraAdapter(Path.of("adapter.gguf"), 1.0f);
 *     int[] ids = backend.generate(backend.tokenize("Once upon a time", true, false), 16, TokenPicker.greedy());
 * }
 * }</pre>
 */
public final class LlamaCppBackend implements InferenceBackend {
    private final LlamaApi api;
    /** Owns the batch struct and the adapter arrays; the model and context are llama.cpp's to free. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment model;
    private final MemorySegment context;
    private final MemorySegment vocab;
    private final int vocabularySize;
    private final int batchSize;
    private final int contextLength;
    private final Batch batch;
    private final List<MemorySegment> adapters = new ArrayList<>();
    private final List<Float> adapterScales = new ArrayList<>();
    private int position;
    /** Native calls on freed objects would crash the JVM, so a closed backend refuses them. */
    private boolean closed;

    private LlamaCppBackend(LlamaApi api, MemorySegment model, MemorySegment context, int batchSize) {
        this.api = api;
        this.model = model;
        this.context = context;
        this.vocab = api.modelGetVocab(model);
        this.vocabularySize = api.vocabNTokens(vocab);
        this.batchSize = batchSize;
        this.contextLength = api.nCtx(context);
        this.batch = new Batch(api.batchInit(arena, batchSize, 0, 1), batchSize);
    }

    static LlamaCppBackend open(LlamaApi api, Path path, BackendOptions options, LlamaSettings settings) {
        if (!Files.isRegularFile(path)) {
            throw new LlamaCppException("no model file " + path);
        }
        MemorySegment model;
        MemorySegment context;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment modelParams = api.modelDefaultParams(call);
            ModelParams.apply(modelParams, settings);
            model = api.modelLoadFromFile(call.allocateFrom(path.toString()), modelParams);
            if (model.equals(MemorySegment.NULL)) {
                throw new LlamaCppException("llama.cpp could not load " + path);
            }
            MemorySegment contextParams = api.contextDefaultParams(call);
            ContextParams.apply(contextParams, options, settings);
            context = api.initFromModel(model, contextParams);
        }
        if (context.equals(MemorySegment.NULL)) {
            api.modelFree(model);
            throw new LlamaCppException("llama.cpp could not create a context for " + path + " with " + options);
        }
        return new LlamaCppBackend(api, model, context, options.batchSize());
    }

    @Override
    public String name() {
        return "llama.cpp";
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        requireOpen();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment bytes = call.allocate(Math.max(1, utf8.length));
            MemorySegment.copy(utf8, 0, bytes, JAVA_BYTE, 0, utf8.length);
            // Usually enough (about one token per byte, plus BOS and EOS); llama_tokenize says when it is not.
            int capacity = utf8.length + 3;
            MemorySegment ids = call.allocate(JAVA_INT, capacity);
            int count = api.tokenize(vocab, bytes, utf8.length, ids, capacity, addSpecial, parseSpecial);
            if (count < 0 && count != Integer.MIN_VALUE) {
                capacity = -count;
                ids = call.allocate(JAVA_INT, capacity);
                count = api.tokenize(vocab, bytes, utf8.length, ids, capacity, addSpecial, parseSpecial);
            }
            if (count < 0) {
                throw new LlamaCppException("llama_tokenize failed (" + count + ") on " + utf8.length + " bytes");
            }
            return ids.asSlice(0, count * JAVA_INT.byteSize()).toArray(JAVA_INT);
        }
    }

    @Override
    public float[] evaluate(int[] tokens, boolean allLogits) {
        requireOpen();
        if (tokens.length == 0 || tokens.length > batchSize) {
            throw new IllegalArgumentException(tokens.length + " tokens: a batch holds 1 to " + batchSize);
        }
        if (tokens.length > contextLength - position) {
            throw new IllegalArgumentException(tokens.length + " tokens at position " + position
                    + " overflow the context of " + contextLength);
        }
        for (int id : tokens) {
            if (id < 0 || id >= vocabularySize) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocabularySize);
            }
        }
        batch.fill(tokens, position, allLogits);
        int status = api.decode(context, batch.struct);
        if (status != 0) {
            throw new LlamaCppException("llama_decode of " + tokens.length + " tokens at position " + position
                    + " failed with status " + status);
        }
        position += tokens.length;
        int first = allLogits ? 0 : tokens.length - 1;
        float[] logits = new float[(tokens.length - first) * vocabularySize];
        for (int i = first; i < tokens.length; i++) {
            MemorySegment row = api.getLogitsIth(context, i).reinterpret((long) vocabularySize * Float.BYTES);
            MemorySegment.copy(row, JAVA_FLOAT, 0, logits, (i - first) * vocabularySize, vocabularySize);
        }
        return logits;
    }

    @Override
    public void reset() {
        requireOpen();
        api.memoryClear(api.getMemory(context), true);
        position = 0;
    }

    /**
     * Adds a LoRA adapter (a GGUF of {@code general.type = adapter}) at {@code scale}, on top of the
     * adapters added before; effective for the following evaluations.
     *
     * @throws LlamaCppException when llama.cpp cannot load or apply it
     */
    public void addLoraAdapter(Path file, float scale) {
        requireOpen();
        if (!Files.isRegularFile(file)) {
            throw new LlamaCppException("no LoRA adapter file " + file);
        }
        MemorySegment adapter;
        try (Arena call = Arena.ofConfined()) {
            adapter = api.adapterLoraInit(model, call.allocateFrom(file.toString()));
        }
        if (adapter.equals(MemorySegment.NULL)) {
            throw new LlamaCppException("llama.cpp could not load the LoRA adapter " + file);
        }
        adapters.add(adapter);
        adapterScales.add(scale);
        MemorySegment pointers = arena.allocate(ADDRESS, adapters.size());
        MemorySegment scales = arena.allocate(JAVA_FLOAT, adapters.size());
        for (int i = 0; i < adapters.size(); i++) {
            pointers.setAtIndex(ADDRESS, i, adapters.get(i));
            scales.setAtIndex(JAVA_FLOAT, i, adapterScales.get(i));
        }
        int status = api.setAdaptersLora(context, pointers, adapters.size(), scales);
        if (status != 0) {
            throw new LlamaCppException("llama_set_adapters_lora failed with status " + status + " for " + file);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the llama.cpp backend is closed");
        }
    }

    /** Frees the context and model; later calls throw {@link IllegalStateException}, a second close does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        api.batchFree(batch.struct);
        api.free(context);
        api.modelFree(model);
        arena.close();
    }
}
