package dev.corvid.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargePagesTest {
    private static final long MIB = 1 << 20;

    @Test
    void memoryIsZeroedWritableAlignedAndLivesAsLongAsItsArena() {
        MemorySegment kept;
        try (Arena arena = Arena.ofShared()) {
            for (long bytes : new long[] {1, 64, MIB, 2 * MIB, 5 * MIB + 3, 37 * MIB}) {
                MemorySegment m = LargePages.allocate(bytes, arena);
                assertEquals(bytes, m.byteSize());
                assertEquals(0, m.address() % 64, "64-byte aligned");
                if (LargePages.enabled() && bytes >= 2 * MIB) {
                    assertEquals(0, m.address() % (2 * MIB), "huge-page aligned");
                }
                for (long at = 0; at < bytes; at += 4096) {
                    assertEquals(0, m.get(ValueLayout.JAVA_BYTE, at), "zero at " + at);
                    m.set(ValueLayout.JAVA_BYTE, at, (byte) 7);
                }
                m.set(ValueLayout.JAVA_BYTE, bytes - 1, (byte) 9);
                assertEquals(9, m.get(ValueLayout.JAVA_BYTE, bytes - 1));
            }
            kept = LargePages.allocate(3 * MIB, arena);
            assertTrue(kept.scope().isAlive());
        }
        assertTrue(!kept.scope().isAlive());
        MemorySegment closed = kept;
        assertThrows(IllegalStateException.class, () -> closed.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @DisabledIfSystemProperty(named = "corvid.hugepages", matches = "false")
    void onLinuxTheMemoryComesFromLibcWithHugePageAdvice() {
        assertTrue(LargePages.enabled(), "libc's mmap/madvise could not be bound (is native access enabled?)");
    }

    /** Many arenas opened and closed: every mapping is released (a leak would exhaust memory long before the end). */
    @Test
    void closingTheArenaReleasesTheMemory() {
        for (int i = 0; i < 400; i++) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment m = LargePages.allocate(64 * MIB, arena);
                m.set(ValueLayout.JAVA_BYTE, m.byteSize() - 1, (byte) 1);
            }
        }
    }
}
