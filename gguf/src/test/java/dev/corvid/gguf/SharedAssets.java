package dev.corvid.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-only reference assets in {@code ../shared}: models, goldens, vocabularies. */
public final class SharedAssets {
    private SharedAssets() {
    }

    public static Path root() {
        Path dir = Path.of(System.getProperty("corvid.shared.dir", "../shared"));
        assertTrue(Files.isDirectory(dir.resolve("models")), "shared assets not found at " + dir.toAbsolutePath()
                + " (the repository expects ../shared beside it)");
        return dir;
    }

    public static Path models() {
        return root().resolve("models");
    }

    public static Path golden() {
        return root().resolve("golden");
    }

    /** Every *.gguf file directly inside {@code sub} of the shared folder, sorted. */
    public static List<Path> ggufFiles(String sub) throws IOException {
        try (Stream<Path> s = Files.list(root().resolve(sub))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".gguf")).sorted().toList();
        }
    }
}
