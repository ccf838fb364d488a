package dev.corvid.gguf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parses GGUF bytes held in memory, as if they were a file named {@value #NAME}. */
final class Parsing {
    static final String NAME = "built.gguf";

    private Parsing() {
    }

    static GgufFile parse(byte[] bytes) {
        return GgufReader.parse(MemorySegment.ofArray(bytes), Path.of(NAME), Arena.ofConfined());
    }

    /** Asserts the bytes are refused, with a message naming the file and containing every {@code part}. */
    static GgufFormatException assertRefused(byte[] bytes, String... parts) {
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> parse(bytes).close());
        String message = e.getMessage();
        assertTrue(message.startsWith(NAME + ": "), "message does not name the file: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "message lacks \"" + part + "\": " + message);
        }
        return e;
    }
}
