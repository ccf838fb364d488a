package dev.corvid.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reduceLanes(ADD)} on floats adds in one order when interpreted and another when compiled, so
 * a kernel using it gives results that depend on how warm the JVM is (see {@link Vectors#sum}). The
 * kernels' sources must not call it; this caught two kernels that had.
 */
class NoUnorderedReductionsTest {

    @Test
    void noKernelReducesLanesInAnUnspecifiedOrder() throws Exception {
        Path kernels = Path.of("src/main/java/dev/corvid/kernel");
        assertTrue(Files.isDirectory(kernels), "run from the engine module: " + kernels.toAbsolutePath());
        try (Stream<Path> files = Files.list(kernels)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> codeOf(f).contains(".reduceLanes("))
                    .map(f -> f.getFileName().toString())
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }

    /** The file without its comments. */
    private static String codeOf(Path file) {
        try {
            return Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
