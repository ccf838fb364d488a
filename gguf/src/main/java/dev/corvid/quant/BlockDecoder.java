package dev.corvid.quant;

import java.lang.foreign.MemorySegment;

/** Decodes whole blocks of one tensor type into floats: ggml's {@code to_float} for that type. */
@FunctionalInterface
interface BlockDecoder {
    void decode(MemorySegment src, long offset, float[] dst, int dstOffset, int blocks);
}
