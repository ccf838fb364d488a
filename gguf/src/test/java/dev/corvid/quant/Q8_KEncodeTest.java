package dev.corvid.quant;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Q8_K on a ramp: the extreme value becomes -127, bsums are the sums of each 16 quants. */
class Q8_KEncodeTest {
    @Test
    void rampMapsItsExtremeTo127AndCarriesSums() {
        float[] x = new float[256];
        for (int j = 0; j < 256; j++) {
            x[j] = j - 128; // extreme: -128 at j = 0
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment q = arena.allocate(GgmlType.Q8_K.byteSize(256));
            GgmlType.Q8_K.quantize(x, 0, q, 0, 256);
            float iscale = -127f / -128f;
            assertEquals(1 / iscale, q.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
            for (int s = 0; s < 16; s++) {
                int sum = 0;
                for (int i = 0; i < 16; i++) {
                    int j = 16 * s + i;
                    int expected = Math.min(127, (int) Math.rint(iscale * x[j]));
                    assertEquals(expected, q.get(ValueLayout.JAVA_BYTE, 4 + j), "quant " + j);
                    sum += expected;
                }
                assertEquals(sum, q.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 260 + 2 * s));
            }
        }
    }
}
