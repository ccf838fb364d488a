package dev.corvid.backend.llamacpp;

import dev.corvid.backend.BackendOptions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * llama.cpp's CPU libraries, loaded from a folder through FFM: opens models as
 * {@link LlamaCppBackend}s and quantizes files, for tests and benchmarks against the reference.
 *
 * <pre>{@code
 * LlamaCpp llama = LlamaCpp.load(Path.of(".llama-cpp/lib"));
 * try (LlamaCppBackend backend = llama.open(Path.of("model.gguf"), BackendOptions.DEFAULT, LlamaSettings.REFERENCE)) {
 *     float[] last = backend.evaluate(backend.tokenize("Hello", true, false), false);
 * }
 * llama.quantize(Path.of("model.gguf"), Path.of("model.Q8_0.gguf"), LlamaFileType.Q8_0, 2);
 * }</pre>
 *
 * The libraries stay loaded for the life of the JVM, and one process uses one folder: ggml registers
 * its CPU backend globally.
 */
public final class LlamaCpp {
    /** The environment variable naming the library folder when no option does. */
    public static final String ENVIRONMENT_VARIABLE = "CORVID_LLAMA_CPP";

    private static LlamaCpp loaded;

    private final LibraryFolder folder;
    private final LlamaApi api;

    private LlamaCpp(LibraryFolder folder, LlamaApi api) {
        this.folder = folder;
        this.api = api;
    }

    /**
     * {@code option} when given, else the folder {@value #ENVIRONMENT_VARIABLE} names, if set; an empty
     * {@code option} means no llama.cpp, whatever the environment says.
     */
    public static Optional<Path> configuredFolder(Path option) {
        if (option != null) {
            return option.toString().isBlank() ? Optional.empty() : Optional.of(option);
        }
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(Path.of(env));
    }

    /**
     * Loads the libraries of {@code dir} (or {@code dir/lib}) and registers ggml's CPU backends; a
     * second call with the same folder returns the same instance.
     *
     * @throws LlamaCppException when the folder, a library or a symbol is missing, or another folder was loaded
     */
    public static synchronized LlamaCpp load(Path dir) {
        LibraryFolder folder = LibraryFolder.in(dir);
        if (loaded != null) {
            if (!loaded.folder.dir().equals(folder.dir())) {
                throw new LlamaCppException("llama.cpp is already loaded from " + loaded.folder.dir()
                        + "; one process can use one library folder, not also " + folder.dir());
            }
            return loaded;
        }
        LlamaApi api = new LlamaApi(folder);
        api.logSet(QuietLog.callback());
        try (Arena arena = Arena.ofConfined()) {
            // The CPU kernels live in libggml-cpu-<variant>.so; ggml picks the best one for this CPU.
            api.loadAllFromPath(arena.allocateFrom(folder.dir().toString()));
        }
        api.backendInit();
        loaded = new LlamaCpp(folder, api);
        return loaded;
    }

    /** The folder the libraries came from. */
    public Path folder() {
        return folder.dir();
    }

    /** llama.cpp's feature line, e.g. {@code CPU : SSE3 = 1 | ... | AVX512 = 1 | ...}. */
    public String systemInfo() {
        return api.systemInfo();
    }

    /**
     * Loads {@code model} with a context sized by {@code options}.
     *
     * @throws LlamaCppException when llama.cpp cannot load the file or create the context
     */
    public LlamaCppBackend open(Path model, BackendOptions options, LlamaSettings settings) {
        return LlamaCppBackend.open(api, model, options, settings);
    }

    /**
     * Writes {@code input} quantized to {@code type} at {@code output}, as {@code llama-quantize} with
     * default parameters.
     *
     * @throws LlamaCppException when llama.cpp reports a failure
     */
    public void quantize(Path input, Path output, LlamaFileType type, int threads) {
        if (!Files.isRegularFile(input)) {
            throw new LlamaCppException("no model file " + input);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = api.quantizeDefaultParams(arena);
            QuantizeParams.apply(params, type, threads);
            int status = api.modelQuantize(arena.allocateFrom(input.toString()), arena.allocateFrom(output.toString()),
                    params);
            if (status != 0) {
                throw new LlamaCppException("llama_model_quantize " + input + " -> " + output + " (" + type
                        + ") failed with status " + status);
            }
        }
    }
}
