package dev.corvid.backend.llamacpp;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The reference llama.cpp of system property {@code corvid.llama.cpp.dir}; tests skip when it is not installed. */
final class LlamaCppFixture {
    private LlamaCppFixture() {
    }

    /** The install root (with {@code lib/} and {@code src/include/}), or a skipped test. */
    static Path root() {
        Path dir = Path.of(System.getProperty("corvid.llama.cpp.dir", ".llama-cpp"));
        assumeTrue(Files.isDirectory(dir.resolve("lib")), "llama.cpp reference libraries not installed at "
                + dir.toAbsolutePath() + " (CI: ../shared/tools/llama-cpp-ref.sh .llama-cpp); skipping");
        return dir;
    }

    /** The loaded libraries, or a skipped test. */
    static LlamaCpp library() {
        return LlamaCpp.load(root().resolve("lib"));
    }
}
