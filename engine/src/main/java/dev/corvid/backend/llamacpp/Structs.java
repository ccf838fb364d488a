package dev.corvid.backend.llamacpp;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/** Helpers for writing llama.h's structs by field name, so code and layout cannot drift apart. */
final class Structs {
    /** C {@code bool}: one byte. */
    static final ValueLayout.OfBoolean BOOL = ValueLayout.JAVA_BOOLEAN;
    /** C {@code size_t} on the 64-bit platforms llama.cpp ships for. */
    static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;

    private Structs() {
    }

    /** The byte offset of {@code field} in {@code layout}. */
    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** Explicit padding: the FFM linker wants every gap the C compiler leaves spelled out. */
    static MemoryLayout padding(long bytes) {
        return MemoryLayout.paddingLayout(bytes);
    }
}
