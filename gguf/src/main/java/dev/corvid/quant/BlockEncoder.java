package dev.corvid.quant;

import java.lang.foreign.MemorySegment;

/** Encodes whole blocks of floats into one tensor type: ggml's reference quantizer for that type. */
@FunctionalInterface
interface BlockEncoder {
    void encode(float[] src, int srcOffset, MemorySegment dst, long offset, int blocks);
}
