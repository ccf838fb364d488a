package dev.corvid.gguf;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions comparing two parsed GGUF files. */
final class GgufFiles {
    private GgufFiles() {
    }

    /** Same metadata (keys, order, types, values) and the same tensors with the same bytes. */
    static void assertSameContent(GgufFile expected, GgufFile actual) {
        String where = expected.path() + " vs " + actual.path();
        assertEquals(List.copyOf(expected.metadata().asMap().entrySet()),
                List.copyOf(actual.metadata().asMap().entrySet()), where + ": metadata");
        assertEquals(expected.alignment(), actual.alignment(), where + ": alignment");
        List<GgufTensor> a = expected.tensors();
        List<GgufTensor> b = actual.tensors();
        assertEquals(a.size(), b.size(), where + ": tensor count");
        for (int i = 0; i < a.size(); i++) {
            GgufTensor x = a.get(i);
            GgufTensor y = b.get(i);
            assertEquals(x.name(), y.name(), where + ": tensor #" + i);
            assertEquals(x.type(), y.type(), where + ": " + x.name());
            assertArrayEquals(x.shape(), y.shape(), where + ": " + x.name());
            assertEquals(-1, x.data().mismatch(y.data()), where + ": bytes of " + x.name());
        }
    }

}
