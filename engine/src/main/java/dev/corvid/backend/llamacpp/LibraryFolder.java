package dev.corvid.backend.llamacpp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of llama.cpp CPU libraries: {@code libllama[.vX.Y.Z].so}, {@code libggml[.vX.Y.Z].so}, and
 * beside them {@code libggml-base.so} and the {@code libggml-cpu-*.so} variants ggml picks from.
 *
 * @param dir   the folder
 * @param llama the llama library
 * @param ggml  the ggml library, which exports {@code ggml_backend_load_all_from_path}
 */
record LibraryFolder(Path dir, Path llama, Path ggml) {
    private static final Pattern LLAMA = Pattern.compile("libllama(\\.v[0-9.]+)?\\.so");
    private static final Pattern GGML = Pattern.compile("libggml(\\.v[0-9.]+)?\\.so");
    private static final String HINT = " (give --llama-cpp or CORVID_LLAMA_CPP the folder holding libllama.so,"
            + " libggml.so, libggml-base.so and libggml-cpu-*.so; ../shared/tools/llama-cpp-ref.sh installs them)";

    /**
     * The libraries in {@code dir}, or in {@code dir/lib} when {@code dir} is a llama.cpp install root.
     *
     * @throws LlamaCppException naming what is missing
     */
    static LibraryFolder in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LlamaCppException("llama.cpp library folder " + dir + " does not exist" + HINT);
        }
        Path libs = find(dir, LLAMA).isEmpty() && Files.isDirectory(dir.resolve("lib")) ? dir.resolve("lib") : dir;
        Path llama = find(libs, LLAMA).orElseThrow(() -> missing(libs, "libllama.so"));
        Path ggml = find(libs, GGML).orElseThrow(() -> missing(libs, "libggml.so"));
        return new LibraryFolder(libs.toAbsolutePath().normalize(), llama.toAbsolutePath(), ggml.toAbsolutePath());
    }

    private static Optional<Path> find(Path dir, Pattern name) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matches = files.filter(f -> name.matcher(f.getFileName().toString()).matches()).sorted().toList();
            return matches.isEmpty() ? Optional.empty() : Optional.of(matches.getLast());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LlamaCppException missing(Path dir, String library) {
        return new LlamaCppException("no " + library + " in " + dir + HINT);
    }
}
