package dev.corvid.backend.llamacpp;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The llama.h v0.5.0 functions Corvid calls, bound by hand with FFM (one typed Java method per C
 * function). Pointers to llama.cpp objects are zero-length segments; struct arguments and results are
 * segments of the layouts in {@link ModelParams}, {@link ContextParams}, {@link QuantizeParams} and
 * {@link Batch}.
 */
final class LlamaApi {
    private final MethodHandle backendInit;
    private final MethodHandle loadAllFromPath;
    private final MethodHandle logSet;
    private final MethodHandle printSystemInfo;
    private final MethodHandle modelDefaultParams;
    private final MethodHandle contextDefaultParams;
    private final MethodHandle quantizeDefaultParams;
    private final MethodHandle modelLoadFromFile;
    private final MethodHandle modelFree;
    private final MethodHandle initFromModel;
    private final MethodHandle free;
    private final MethodHandle nCtx;
    private final MethodHandle modelGetVocab;
    private final MethodHandle vocabNTokens;
    private final MethodHandle tokenize;
    private final MethodHandle batchInit;
    private final MethodHandle batchFree;
    private final MethodHandle decode;
    private final MethodHandle getLogitsIth;
    private final MethodHandle getMemory;
    private final MethodHandle memoryClear;
    private final MethodHandle adapterLoraInit;
    private final MethodHandle setAdaptersLora;
    private final MethodHandle modelQuantize;

    /** Binds every function, failing on the first one the libraries do not export. */
    LlamaApi(LibraryFolder folder) {
        Binder llama = new Binder(folder.llama());
        Binder ggml = new Binder(folder.ggml());
        loadAllFromPath = ggml.bind("ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ADDRESS));
        backendInit = llama.bind("llama_backend_init", FunctionDescriptor.ofVoid());
        logSet = llama.bind("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        printSystemInfo = llama.bind("llama_print_system_info", FunctionDescriptor.of(ADDRESS));
        modelDefaultParams = llama.bind("llama_model_default_params", FunctionDescriptor.of(ModelParams.LAYOUT));
        contextDefaultParams = llama.bind("llama_context_default_params", FunctionDescriptor.of(ContextParams.LAYOUT));
        quantizeDefaultParams = llama.bind("llama_model_quantize_default_params",
                FunctionDescriptor.of(QuantizeParams.LAYOUT));
        modelLoadFromFile = llama.bind("llama_model_load_from_file",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ModelParams.LAYOUT));
        modelFree = llama.bind("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        initFromModel = llama.bind("llama_init_from_model", FunctionDescriptor.of(ADDRESS, ADDRESS, ContextParams.LAYOUT));
        free = llama.bind("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        nCtx = llama.bind("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelGetVocab = llama.bind("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        vocabNTokens = llama.bind("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        tokenize = llama.bind("llama_tokenize", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        batchInit = llama.bind("llama_batch_init", FunctionDescriptor.of(Batch.LAYOUT, JAVA_INT, JAVA_INT, JAVA_INT));
        batchFree = llama.bind("llama_batch_free", FunctionDescriptor.ofVoid(Batch.LAYOUT));
        decode = llama.bind("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, Batch.LAYOUT));
        getLogitsIth = llama.bind("llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        getMemory = llama.bind("llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        memoryClear = llama.bind("llama_memory_clear", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        adapterLoraInit = llama.bind("llama_adapter_lora_init", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        setAdaptersLora = llama.bind("llama_set_adapters_lora",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
        modelQuantize = llama.bind("llama_model_quantize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    }

    /** Looks symbols up in one library, loaded for the life of the JVM (ggml cannot unregister backends). */
    static final class Binder {
        private final Path library;
        private final SymbolLookup symbols;

        Binder(Path library) {
            this.library = library;
            try {
                this.symbols = SymbolLookup.libraryLookup(library, Arena.global());
            } catch (IllegalArgumentException e) {
                throw new LlamaCppException("cannot load " + library + ": " + e.getMessage(), e);
            }
        }

        MethodHandle bind(String name, FunctionDescriptor descriptor) {
            MemorySegment symbol = symbols.find(name).orElseThrow(() -> new LlamaCppException(
                    name + " is not exported by " + library + " (Corvid binds the llama.h of llama.cpp v0.5.0)"));
            return Linker.nativeLinker().downcallHandle(symbol, descriptor);
        }
    }

    /**
     * {@code invokeExact} declares {@link Throwable}, but a downcall can only end in an unchecked
     * exception (a native crash ends the process): rethrows it unchanged.
     */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    void backendInit() {
        try {
            backendInit.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void loadAllFromPath(MemorySegment dir) {
        try {
            loadAllFromPath.invokeExact(dir);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void logSet(MemorySegment callback) {
        try {
            logSet.invokeExact(callback, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    String systemInfo() {
        try {
            return ((MemorySegment) printSystemInfo.invokeExact()).reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment modelDefaultParams(SegmentAllocator allocator) {
        try {
            return (MemorySegment) modelDefaultParams.invokeExact(allocator);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment contextDefaultParams(SegmentAllocator allocator) {
        try {
            return (MemorySegment) contextDefaultParams.invokeExact(allocator);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment quantizeDefaultParams(SegmentAllocator allocator) {
        try {
            return (MemorySegment) quantizeDefaultParams.invokeExact(allocator);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A {@code llama_model *}, NULL on failure. */
    MemorySegment modelLoadFromFile(MemorySegment path, MemorySegment params) {
        try {
            return (MemorySegment) modelLoadFromFile.invokeExact(path, params);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void modelFree(MemorySegment model) {
        try {
            modelFree.invokeExact(model);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A {@code llama_context *}, NULL on failure. */
    MemorySegment initFromModel(MemorySegment model, MemorySegment params) {
        try {
            return (MemorySegment) initFromModel.invokeExact(model, params);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void free(MemorySegment context) {
        try {
            free.invokeExact(context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The context's size in positions (llama.cpp rounds the requested size up). */
    int nCtx(MemorySegment context) {
        try {
            return (int) nCtx.invokeExact(context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment modelGetVocab(MemorySegment model) {
        try {
            return (MemorySegment) modelGetVocab.invokeExact(model);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int vocabNTokens(MemorySegment vocab) {
        try {
            return (int) vocabNTokens.invokeExact(vocab);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The token count, or minus the room needed when {@code capacity} is too small. */
    int tokenize(MemorySegment vocab, MemorySegment text, int textLength, MemorySegment tokens, int capacity,
                 boolean addSpecial, boolean parseSpecial) {
        try {
            return (int) tokenize.invokeExact(vocab, text, textLength, tokens, capacity, addSpecial, parseSpecial);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment batchInit(SegmentAllocator allocator, int capacity, int embeddings, int sequences) {
        try {
            return (MemorySegment) batchInit.invokeExact(allocator, capacity, embeddings, sequences);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void batchFree(MemorySegment batch) {
        try {
            batchFree.invokeExact(batch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** 0 on success; see llama.h for the other codes. */
    int decode(MemorySegment context, MemorySegment batch) {
        try {
            return (int) decode.invokeExact(context, batch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code float *} to the logits of batch index {@code i}, NULL if it made no output. */
    MemorySegment getLogitsIth(MemorySegment context, int i) {
        try {
            return (MemorySegment) getLogitsIth.invokeExact(context, i);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    MemorySegment getMemory(MemorySegment context) {
        try {
            return (MemorySegment) getMemory.invokeExact(context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    void memoryClear(MemorySegment memory, boolean data) {
        try {
            memoryClear.invokeExact(memory, data);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A {@code llama_adapter_lora *}, NULL on failure; freed with its model. */
    MemorySegment adapterLoraInit(MemorySegment model, MemorySegment path) {
        try {
            return (MemorySegment) adapterLoraInit.invokeExact(model, path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int setAdaptersLora(MemorySegment context, MemorySegment adapters, long count, MemorySegment scales) {
        try {
            return (int) setAdaptersLora.invokeExact(context, adapters, count, scales);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** 0 on success. */
    int modelQuantize(MemorySegment input, MemorySegment output, MemorySegment params) {
        try {
            return (int) modelQuantize.invokeExact(input, output, params);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
