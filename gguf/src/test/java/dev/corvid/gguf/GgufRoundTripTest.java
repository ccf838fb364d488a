package dev.corvid.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every shared GGUF survives read, write, read; what we write, we write again byte for byte. */
class GgufRoundTripTest {
    @TempDir
    Path tmp;

    static List<Path> sharedGgufs() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("models", "vocab", "golden-lora/adapters")) {
            all.addAll(SharedAssets.ggufFiles(dir));
        }
        return all;
    }

    @Test
    void everySharedFileSurvivesReadWriteRead() throws IOException {
        List<Path> files = sharedGgufs();
        assertTrue(files.size() >= 30, "only " + files.size() + " shared GGUF files");
        for (Path original : files) {
            Path copy = tmp.resolve("copy.gguf");
            try (GgufFile a = GgufFile.open(original)) {
                GgufWriter.copyOf(a).write(copy);
                try (GgufFile b = GgufFile.open(copy)) {
                    GgufFiles.assertSameContent(a, b);
                }
            }
        }
    }

    @Test
    void whatWeWriteWeWriteAgainByteForByte() throws IOException {
        for (Path original : sharedGgufs()) {
            Path first = tmp.resolve("first.gguf");
            Path second = tmp.resolve("second.gguf");
            try (GgufFile a = GgufFile.open(original)) {
                GgufWriter.copyOf(a).write(first);
            }
            try (GgufFile b = GgufFile.open(first)) {
                GgufWriter.copyOf(b).write(second);
            }
            assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), original.toString());
        }
    }

    /** Our layout is llama.cpp's: rewriting one of its files gives back the very same bytes. */
    @Test
    void rewritingALlamaCppFileReproducesIt() throws IOException {
        List<String> differing = new ArrayList<>();
        for (Path original : sharedGgufs()) {
            Path copy = tmp.resolve("copy.gguf");
            try (GgufFile a = GgufFile.open(original)) {
                GgufWriter.copyOf(a).write(copy);
            }
            long mismatch = Files.mismatch(original, copy);
            if (mismatch != -1) {
                differing.add(original.getFileName() + " first differs at byte " + mismatch + " (sizes "
                        + Files.size(original) + " and " + Files.size(copy) + ")");
            }
        }
        assertEquals(List.of(), differing);
    }
}
