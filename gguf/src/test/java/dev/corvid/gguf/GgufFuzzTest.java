package dev.corvid.gguf;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the reader with Jazzer. In a plain build it only replays the seed corpus
 * in {@code GgufFuzzTestInputs/parsesOrRefuses}; with {@code JAZZER_FUZZ=1} it searches for new
 * inputs. Runs in its own surefire execution (see gguf/pom.xml): Jazzer's agent instruments every
 * class loaded after it.
 */
class GgufFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parsesOrRefuses(byte[] input) {
        try (GgufFile f = Parsing.parse(input)) {
            for (GgufTensor t : f.tensors()) {
                long start = f.dataOffset() + t.offset();
                assertTrue(t.byteSize() <= input.length - start, t + " lies outside the file");
                assertEquals(start, t.data().address(), t.name());
                assertEquals(t.byteSize(), t.data().byteSize(), t.name());
            }
        } catch (GgufFormatException refused) {
            // The one allowed failure; anything else fails the fuzz test.
        }
    }
}
