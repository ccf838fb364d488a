package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a mapped GGUF file. Nothing read from the file is trusted: counts are bounded by the bytes
 * that remain before anything is allocated, sizes are computed with overflow checks, and every
 * tensor must lie, aligned and without overlap, inside the data section.
 */
final class GgufReader {
    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
    static final int MAX_DIMS = 4;
    /** ggml's GGML_MAX_NAME: llama.cpp refuses a tensor name of this many bytes or more. */
    static final int MAX_TENSOR_NAME_BYTES = 64;
    static final long MAX_ALIGNMENT = 1L << 30;
    /** Nested arrays deeper than this are refused: real files nest at most once. */
    static final int MAX_ARRAY_DEPTH = 8;
    /** Smallest tensor info: name length, n_dims, one dim, type, offset. */
    private static final long MIN_TENSOR_INFO_BYTES = 8 + 4 + 8 + 4 + 8;
    /** Smallest key/value: key length, value type, one-byte value. */
    private static final long MIN_KV_BYTES = 8 + 4 + 1;

    private final GgufCursor in;
    private final String source;

    private GgufReader(GgufCursor in, String source) {
        this.in = in;
        this.source = source;
    }

    static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        MemorySegment file;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena); // outlives the channel
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
        return parse(file, path, arena);
    }

    /**
     * Parses {@code file}, the whole content of the file at {@code path}. From this call on {@code arena}
     * belongs to the result, which closes it, or is closed at once when the file is refused, unmapping
     * it. Tests and fuzzers hand in bytes that never were a file.
     */
    static GgufFile parse(MemorySegment file, Path path, Arena arena) {
        try {
            return new GgufReader(new GgufCursor(file, path.toString()), path.toString()).readFile(path, arena);
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    private GgufFile readFile(Path path, Arena arena) {
        if (in.size() < 4 || in.u32() != MAGIC) {
            throw in.error(0, "not a GGUF file (the first 4 bytes are not \"GGUF\")");
        }
        long version = in.u32();
        if ((version & 0xFFFF) == 0) {
            throw in.error(4, "GGUF version " + version + " is not a version: the file is big-endian or corrupt"
                    + " (only little-endian files are supported)");
        }
        if (version == 1) {
            throw in.error(4, "GGUF version 1 is not supported (it predates 64-bit counts); convert the file to version 3");
        }
        if (version != 2 && version != 3) {
            throw in.error(4, "unknown GGUF version " + version + " (supported: 2, 3)");
        }
        long nTensors = in.count("tensor count", MIN_TENSOR_INFO_BYTES);
        long nKv = in.count("metadata count", MIN_KV_BYTES);

        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            long at = in.position();
            String key = in.string("metadata key #" + i);
            if (key.isEmpty()) {
                throw in.error(at, "metadata key #" + i + " is empty");
            }
            if (kv.containsKey(key)) {
                throw in.error(at, "duplicate metadata key '" + key + "'");
            }
            kv.put(key, readValue("metadata key '" + key + "'"));
        }
        GgufMetadata metadata = new GgufMetadata(source, kv);
        int alignment = alignmentOf(metadata);

        List<TensorInfo> infos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < nTensors; i++) {
            TensorInfo ti = readTensorInfo(i);
            if (!names.add(ti.name)) {
                throw in.error(ti.at, "duplicate tensor name '" + ti.name + "'");
            }
            if (ti.offset % alignment != 0) {
                throw in.error(ti.at, "tensor '" + ti.name + "': offset " + ti.offset
                        + " is not a multiple of the alignment " + alignment);
            }
            infos.add(ti);
        }
        long dataOffset = alignUp(in.position(), alignment);
        if (dataOffset > in.size()) {
            if (!infos.isEmpty()) {
                throw in.error(in.position(), "file ends before its data section (truncated)");
            }
            dataOffset = in.size();
        }
        long dataSize = in.size() - dataOffset;
        checkPlacement(infos, dataSize);

        MemorySegment file = in.segment();
        List<GgufTensor> tensors = new ArrayList<>(infos.size());
        for (TensorInfo ti : infos) {
            MemorySegment view = file.asSlice(dataOffset + ti.offset, ti.byteSize);
            tensors.add(new GgufTensor(ti.name, ti.type, ti.shape, ti.offset, ti.byteSize, view));
        }
        return new GgufFile(path, (int) version, alignment, dataOffset, metadata, tensors, arena);
    }

    private int alignmentOf(GgufMetadata metadata) {
        if (!metadata.contains(GgufFile.ALIGNMENT_KEY)) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        GgufValue v = metadata.get(GgufFile.ALIGNMENT_KEY);
        if (v.type() != GgufValueType.UINT32) {
            throw new GgufFormatException(source + ": metadata key '" + GgufFile.ALIGNMENT_KEY + "' is a "
                    + v.type() + ", expected a UINT32");
        }
        long a = (Long) v.value();
        if (!isValidAlignment(a)) {
            throw new GgufFormatException(source + ": metadata key '" + GgufFile.ALIGNMENT_KEY + "' = " + a
                    + " is not a power of two from 1 to " + MAX_ALIGNMENT);
        }
        return (int) a;
    }

    /** A power of two small enough that offsets and paddings stay far from overflow. */
    static boolean isValidAlignment(long alignment) {
        return alignment > 0 && alignment <= MAX_ALIGNMENT && Long.bitCount(alignment) == 1;
    }

    private GgufValue readValue(String where) {
        long typeAt = in.position();
        long typeId = in.u32();
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == null) {
            throw in.error(typeAt, where + ": unknown value type " + typeId);
        }
        if (type == GgufValueType.ARRAY) {
            return new GgufValue(type, readArray(where, 1));
        }
        return new GgufValue(type, readScalar(type, where));
    }

    private Object readScalar(GgufValueType type, String where) {
        return switch (type) {
            case UINT8 -> (long) in.u8();
            case INT8 -> (long) (byte) in.u8();
            case UINT16 -> (long) in.u16();
            case INT16 -> (long) (short) in.u16();
            case UINT32 -> in.u32();
            case INT32 -> (long) (int) in.u32();
            case UINT64, INT64 -> in.u64();
            case FLOAT32 -> Float.intBitsToFloat((int) in.u32());
            case FLOAT64 -> Double.longBitsToDouble(in.u64());
            case BOOL -> readBool(where);
            case STRING -> in.string(where);
            case ARRAY -> throw new IllegalStateException("arrays are read by readArray");
        };
    }

    private boolean readBool(String where) {
        long at = in.position();
        int b = in.u8();
        if (b > 1) {
            throw in.error(at, where + ": BOOL value " + b + " is neither 0 nor 1");
        }
        return b == 1;
    }

    private GgufArray readArray(String where, int depth) {
        if (depth > MAX_ARRAY_DEPTH) {
            throw in.error(in.position(), where + ": arrays nested more than " + MAX_ARRAY_DEPTH + " deep");
        }
        long typeAt = in.position();
        long typeId = in.u32();
        GgufValueType type = GgufValueType.byId(typeId);
        if (type == null) {
            throw in.error(typeAt, where + ": unknown array element type " + typeId);
        }
        long n = in.count(where + " array length", type.minEncodedSize());
        if (n > Integer.MAX_VALUE - 8) {
            throw in.error(typeAt, where + ": array of " + n + " elements is too large");
        }
        int len = (int) n;
        Object values = switch (type) {
            case FLOAT32 -> {
                float[] a = new float[len];
                for (int i = 0; i < len; i++) {
                    a[i] = Float.intBitsToFloat((int) in.u32());
                }
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[len];
                for (int i = 0; i < len; i++) {
                    a[i] = Double.longBitsToDouble(in.u64());
                }
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[len];
                for (int i = 0; i < len; i++) {
                    a[i] = readBool(where + "[" + i + "]");
                }
                yield a;
            }
            case STRING -> {
                String[] a = new String[len];
                for (int i = 0; i < len; i++) {
                    a[i] = in.string(where + "[" + i + "]");
                }
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[len];
                for (int i = 0; i < len; i++) {
                    a[i] = readArray(where + "[" + i + "]", depth + 1);
                }
                yield a;
            }
            default -> {
                long[] a = new long[len];
                for (int i = 0; i < len; i++) {
                    a[i] = (Long) readScalar(type, where);
                }
                yield a;
            }
        };
        return GgufArray.wrap(type, values);
    }

    private record TensorInfo(long at, String name, long[] shape, GgmlType type, long offset, long byteSize) {
        long end() {
            return offset + byteSize; // both checked, so no overflow
        }
    }

    private TensorInfo readTensorInfo(long index) {
        long at = in.position();
        String name = in.string("tensor #" + index + " name");
        String where = "tensor '" + name + "'";
        if (name.getBytes(StandardCharsets.UTF_8).length >= MAX_TENSOR_NAME_BYTES) {
            throw in.error(at, where + ": name is longer than " + (MAX_TENSOR_NAME_BYTES - 1) + " bytes");
        }
        long nDims = in.u32();
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw in.error(at, where + ": " + nDims + " dimensions (must be 1 to " + MAX_DIMS + ")");
        }
        long[] shape = new long[(int) nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            long dim = in.u64();
            if (dim < 0) {
                throw in.error(at, where + ": dimension " + d + " = " + Long.toUnsignedString(dim) + " is too large");
            }
            shape[d] = dim;
            if (dim != 0 && elements > Long.MAX_VALUE / dim) {
                throw in.error(at, where + ": element count " + shapeString(shape, d) + " overflows 64 bits");
            }
            elements *= dim;
        }
        long typeAt = in.position();
        long typeId = (int) in.u32(); // signed: a "negative" id is reported as such
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw in.error(typeAt, where + ": unknown or unsupported tensor type id " + typeId);
        }
        long offset = in.u64();
        if (offset < 0) {
            throw in.error(at, where + ": offset " + Long.toUnsignedString(offset) + " is out of range");
        }
        if (shape[0] % type.blockSize() != 0) {
            throw in.error(at, where + ": row length " + shape[0] + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        long byteSize = type.byteSize(elements);
        if (byteSize < 0) {
            throw in.error(at, where + ": byte size of " + elements + " " + type + " values overflows 64 bits");
        }
        return new TensorInfo(at, name, shape, type, offset, byteSize);
    }

    private void checkPlacement(List<TensorInfo> infos, long dataSize) {
        for (TensorInfo ti : infos) {
            if (ti.offset > dataSize || ti.byteSize > dataSize - ti.offset) {
                throw new GgufFormatException(source + ": tensor '" + ti.name + "' (" + ti.byteSize
                        + " bytes at data offset " + ti.offset + ") extends past the end of the file, whose data section has "
                        + dataSize + " bytes");
            }
        }
        // Empty tensors hold no bytes, so they overlap nothing (and may share an offset with anything).
        List<TensorInfo> byOffset = new ArrayList<>(infos);
        byOffset.removeIf(ti -> ti.byteSize == 0);
        byOffset.sort(Comparator.comparingLong(TensorInfo::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            TensorInfo prev = byOffset.get(i - 1);
            TensorInfo cur = byOffset.get(i);
            if (cur.offset < prev.end()) {
                throw new GgufFormatException(source + ": tensors '" + prev.name + "' (data bytes " + prev.offset
                        + " to " + prev.end() + ") and '" + cur.name + "' (from data byte " + cur.offset + ") overlap");
            }
        }
    }

    private static String shapeString(long[] shape, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= upTo; i++) {
            sb.append(i == 0 ? "" : " x ").append(shape[i]);
        }
        return sb.toString();
    }

    static long alignUp(long x, long alignment) {
        long r = x % alignment;
        return r == 0 ? x : x + (alignment - r);
    }
}
