package dev.corvid.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds GGUF files byte by byte, well-formed or not: every count, length, type id and offset is
 * whatever the test says, so hostile files are as easy to write as good ones.
 *
 * <pre>{@code
 * byte[] file = GgufBytes.header(3, 1, 1)
 *         .kv("general.architecture", GgufValueType.STRING).string("llama")
 *         .tensorInfo("t", new long[] {4}, GgufBytes.F32, 0)
 *         .padTo(32).zeros(16)
 *         .toArray();
 * }</pre>
 */
final class GgufBytes {
    static final int F32 = 0;
    static final int F16 = 1;
    static final int Q8_0 = 8;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Magic, version, tensor count and metadata count. */
    static GgufBytes header(int version, long nTensors, long nKv) {
        return new GgufBytes().u32(GgufReader.MAGIC).u32(version).u64(nTensors).u64(nKv);
    }

    GgufBytes u8(int v) {
        out.write(v);
        return this;
    }

    GgufBytes u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    GgufBytes u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    GgufBytes u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    GgufBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    GgufBytes zeros(int n) {
        return bytes(new byte[n]);
    }

    /** A GGUF string: u64 byte length, then the UTF-8 bytes. */
    GgufBytes string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u64(b.length).bytes(b);
    }

    /** A metadata key and its value type; the value follows. */
    GgufBytes kv(String key, GgufValueType type) {
        return string(key).u32(type.id());
    }

    /** A metadata key holding an array; the elements follow. */
    GgufBytes kvArray(String key, GgufValueType elementType, long length) {
        return kv(key, GgufValueType.ARRAY).u32(elementType.id()).u64(length);
    }

    /** A tensor info: name, dimension count, dimensions, ggml type id, data offset. */
    GgufBytes tensorInfo(String name, long[] dims, int typeId, long offset) {
        string(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(typeId).u64(offset);
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    GgufBytes padTo(int alignment) {
        return zeros((alignment - out.size() % alignment) % alignment);
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }
}
