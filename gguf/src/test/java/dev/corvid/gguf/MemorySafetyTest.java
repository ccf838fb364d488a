package dev.corvid.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counts that claim 2^62 items must be refused before anything is allocated for them: quickly, and
 * with a few kilobytes of heap, not an OutOfMemoryError.
 */
class MemorySafetyTest {
    private static final long CLAIMED = 1L << 62;
    /** Parsing a few dozen bytes, exception and message included, takes far less than this. */
    private static final long MAX_ALLOCATED_BYTES = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void stringArrayOfTwoToThe62ElementsFailsFast() throws IOException {
        byte[] bytes = GgufBytes.header(3, 0, 1).kvArray("tokenizer.ggml.tokens", GgufValueType.STRING, CLAIMED)
                .string("a").string("b").toArray();
        assertFailsFastAndSmall(bytes);
    }

    @Test
    void tensorCountOfTwoToThe62FailsFast() throws IOException {
        byte[] bytes = GgufBytes.header(3, CLAIMED, 0).tensorInfo("w", new long[] {1}, GgufBytes.F32, 0).toArray();
        assertFailsFastAndSmall(bytes);
    }

    @Test
    void metadataCountOfTwoToThe62FailsFast() throws IOException {
        byte[] bytes = GgufBytes.header(3, 0, CLAIMED).kv("k", GgufValueType.UINT8).u8(0).toArray();
        assertFailsFastAndSmall(bytes);
    }

    private void assertFailsFastAndSmall(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("claims-too-much.gguf"), bytes);
        open(file); // warm up: class loading must not count against the parse
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            GgufFormatException e = open(file);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(e.getMessage().contains(String.valueOf(CLAIMED)), e.getMessage());
            assertTrue(allocated < MAX_ALLOCATED_BYTES, "refusing the file allocated " + allocated + " bytes");
        });
    }

    private static GgufFormatException open(Path file) {
        return assertThrows(GgufFormatException.class, () -> GgufFile.open(file).close());
    }
}
