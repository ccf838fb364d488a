package dev.corvid.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Little-endian reads from a mapped file that never pass its end; each failure names file and offset. */
final class GgufCursor {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment segment;
    private final String source;
    private long pos;

    GgufCursor(MemorySegment segment, String source) {
        this.segment = segment;
        this.source = source;
    }

    MemorySegment segment() {
        return segment;
    }

    long size() {
        return segment.byteSize();
    }

    long position() {
        return pos;
    }

    long remaining() {
        return segment.byteSize() - pos;
    }

    GgufFormatException error(long at, String what) {
        return new GgufFormatException(source + ": " + what + " (at byte " + at + ")");
    }

    private void need(long n) {
        if (n > remaining()) {
            throw error(pos, "file truncated: " + n + " bytes needed, " + remaining() + " left");
        }
    }

    int u8() {
        need(1);
        return segment.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    int u16() {
        need(2);
        int v = segment.get(U16, pos) & 0xFFFF;
        pos += 2;
        return v;
    }

    long u32() {
        need(4);
        long v = segment.get(U32, pos) & 0xFFFF_FFFFL;
        pos += 4;
        return v;
    }

    long u64() {
        need(8);
        long v = segment.get(U64, pos);
        pos += 8;
        return v;
    }

    /**
     * A u64 count of items each taking at least {@code minItemBytes}: refused when those items could
     * not fit in what is left of the file, so an absurd count never drives an allocation or a loop.
     */
    long count(String what, long minItemBytes) {
        long at = pos;
        long n = u64();
        if (n < 0 || (minItemBytes > 0 && n > remaining() / minItemBytes)) {
            throw error(at, what + " " + Long.toUnsignedString(n) + " is impossible: " + remaining()
                    + " bytes are left in the file");
        }
        return n;
    }

    String string(String what) {
        long at = pos;
        long len = u64();
        if (len < 0 || len > remaining()) {
            throw error(at, what + ": string length " + Long.toUnsignedString(len) + " exceeds the "
                    + remaining() + " bytes left in the file");
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw error(at, what + ": string of " + len + " bytes is too long");
        }
        ByteBuffer bytes = segment.asSlice(pos, len).asByteBuffer();
        String s;
        try {
            // Strict: a lenient decoder would silently replace bad bytes, and writing the file back
            // would then change it. GGUF strings are UTF-8 by specification.
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw error(at, what + ": string of " + len + " bytes is not valid UTF-8");
        }
        pos += len;
        return s;
    }
}
