package dev.corvid.tokenizer;

import dev.corvid.gguf.SharedAssets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the test vocabularies live, and their tokenizers, each loaded once per test run. */
final class TestVocabularies {
    private static final Map<Path, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private TestVocabularies() {
    }

    /** The GGUF file behind a vocabulary name of {@code ../shared/tokenizer/<name>.json}. */
    static Path ggufOf(String name) {
        return switch (name) {
            case "stories260K" -> SharedAssets.models().resolve("stories260K.gguf");
            case "synth-qwen2-256x2" -> SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf");
            case "llama-bpe", "phi-3", "deepseek-coder" -> llamaCppVocab(name);
            default -> SharedAssets.root().resolve("vocab").resolve("ggml-vocab-" + name + ".gguf");
        };
    }

    /**
     * A full vocabulary file of llama.cpp's source tree ({@code corvid.llama.cpp.dir}/src/models);
     * the test is skipped when it is not there.
     */
    static Path llamaCppVocab(String name) {
        Path file = llamaCppModels().resolve("ggml-vocab-" + name + ".gguf");
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " not present (run ../shared/tools/llama-cpp-ref.sh .llama-cpp)");
        return file;
    }

    static Path llamaCppModels() {
        return Path.of(System.getProperty("corvid.llama.cpp.dir", ".llama-cpp")).resolve("src").resolve("models");
    }

    static Tokenizer tokenizer(Path gguf) {
        return LOADED.computeIfAbsent(gguf, p -> {
            try {
                return Tokenizer.load(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Tokenizer tokenizer(String name) {
        return tokenizer(ggufOf(name));
    }
}
