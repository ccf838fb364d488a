package dev.corvid.quant;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds raw little-endian blocks by hand for the decoder tests, and decodes them through {@link GgmlType}. */
final class BlockBytes {
    private final ByteBuffer bytes;

    BlockBytes(int size) {
        bytes = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    BlockBytes half(int at, float value) {
        bytes.putShort(at, Float.floatToFloat16(value));
        return this;
    }

    BlockBytes halfBits(int at, int bits) {
        bytes.putShort(at, (short) bits);
        return this;
    }

    BlockBytes f32(int at, float value) {
        bytes.putFloat(at, value);
        return this;
    }

    BlockBytes i32(int at, int value) {
        bytes.putInt(at, value);
        return this;
    }

    BlockBytes put(int at, int value) {
        bytes.put(at, (byte) value);
        return this;
    }

    BlockBytes or(int at, int bits) {
        return put(at, bytes.get(at) | bits);
    }

    BlockBytes fill(int from, int to, int value) {
        for (int i = from; i < to; i++) {
            put(i, value);
        }
        return this;
    }

    float[] decode(GgmlType type) {
        int blocks = bytes.capacity() / type.bytesPerBlock();
        float[] out = new float[blocks * type.blockSize()];
        type.dequantize(MemorySegment.ofArray(bytes.array()), 0, out, 0, out.length);
        return out;
    }
}
