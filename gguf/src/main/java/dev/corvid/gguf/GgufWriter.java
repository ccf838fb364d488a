package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes GGUF version 3 files in llama.cpp's layout: header, metadata, tensor infos, zero padding to
 * the alignment, then each tensor's bytes padded to the alignment. Rewriting a version 3 file that
 * llama.cpp or gguf-py wrote gives back the same bytes. The file appears only when complete:
 * it is written to a temporary file beside the target, then renamed over it.
 *
 * <p>A tensor is added either with its bytes or with a {@link TensorSource} that makes them during
 * {@link #write}. The byte size follows from type and shape, so the header, which holds every tensor's
 * offset, goes first; then each source is asked for its bytes in turn, which are written and released
 * before the next is asked. Writing a model thus takes memory for one tensor, not for the whole model.
 *
 * <pre>{@code
 * GgufWriter w = new GgufWriter();
 * w.put("general.architecture", GgufValue.ofString("llama"));
 * w.addTensor("output_norm.weight", GgmlType.F32, new long[] {256}, segment);
 * w.addTensor("output.weight", GgmlType.Q8_0, new long[] {256, 1000}, arena -> quantizedOutput(arena));
 * w.write(Path.of("out.gguf"));
 * }</pre>
 */
public final class GgufWriter {
    private static final int VERSION = 3;
    private static final int CHUNK = 1 << 20;

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Pending> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();
    /**
     * Without tensors there is no data section to align. llama.cpp pads the header anyway; gguf-py's
     * vocabulary-only files end right after it. Both load, and a copy keeps its source's form.
     */
    private boolean padWithoutTensors = true;

    private record Pending(String name, GgmlType type, long[] shape, long byteSize, TensorSource source) {
    }

    /**
     * A writer holding every metadata entry and tensor of {@code file}, in file order; for a file
     * written by llama.cpp or gguf-py, {@link #write} gives back its bytes.
     */
    public static GgufWriter copyOf(GgufFile file) {
        GgufWriter w = new GgufWriter();
        w.padWithoutTensors = file.dataOffset() % file.alignment() == 0;
        w.putAll(file.metadata().asMap());
        for (GgufTensor t : file.tensors()) {
            w.addTensor(t.name(), t.type(), t.shape(), t.data());
        }
        return w;
    }

    /** Sets a metadata entry; a new key goes last, an existing one keeps its place. */
    public GgufWriter put(String key, GgufValue value) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty metadata key (llama.cpp refuses such files)");
        }
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putAll(Map<String, GgufValue> entries) {
        entries.forEach(this::put);
        return this;
    }

    public GgufWriter remove(String key) {
        metadata.remove(key);
        return this;
    }

    /** Adds a tensor; {@code data} must hold exactly the bytes its type and shape take. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        long byteSize = checkedByteSize(name, type, shape);
        if (data.byteSize() != byteSize) {
            throw new IllegalArgumentException("tensor '" + name + "': " + data.byteSize() + " bytes do not hold "
                    + describe(type, shape) + " (" + byteSize + " bytes)");
        }
        return add(new Pending(name, type, shape.clone(), byteSize, arena -> data));
    }

    /**
     * Adds a tensor whose bytes {@code source} makes during {@link #write}, after the tensors added before
     * it are written and their memory released. The byte size it must make is fixed here, by type and shape.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, TensorSource source) {
        return add(new Pending(name, type, shape.clone(), checkedByteSize(name, type, shape), source));
    }

    private GgufWriter add(Pending tensor) {
        tensorNames.add(tensor.name);
        tensors.add(tensor);
        return this;
    }

    /** The bytes a tensor of this name, type and shape takes, once the name and shape are known to be valid. */
    private long checkedByteSize(String name, GgmlType type, long[] shape) {
        if (name.getBytes(StandardCharsets.UTF_8).length >= GgufReader.MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor '" + name + "': name is longer than "
                    + (GgufReader.MAX_TENSOR_NAME_BYTES - 1) + " bytes (llama.cpp refuses such files)");
        }
        if (tensorNames.contains(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        if (shape.length < 1 || shape.length > GgufReader.MAX_DIMS) {
            throw new IllegalArgumentException("tensor '" + name + "': " + shape.length + " dimensions");
        }
        long elements = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': negative dimension " + d);
            }
            if (d != 0 && elements > Long.MAX_VALUE / d) {
                throw new IllegalArgumentException("tensor '" + name + "': element count overflows 64 bits");
            }
            elements *= d;
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': " + describe(type, shape)
                    + ": rows are not a whole number of blocks of " + type.blockSize());
        }
        long byteSize = type.byteSize(elements);
        if (byteSize < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': byte size of " + describe(type, shape)
                    + " overflows 64 bits");
        }
        return byteSize;
    }

    private static String describe(GgmlType type, long[] shape) {
        return type + " " + Arrays.toString(shape) + " with rows of " + shape[0];
    }

    /**
     * Writes the file atomically: the bytes go to a temporary file beside {@code out}, which is renamed
     * over {@code out} only when complete. An error, including a {@link TensorSource} that fails or makes
     * the wrong number of bytes, leaves neither a partial file nor the temporary one, and any previous file
     * at {@code out} untouched.
     *
     * @throws IllegalStateException naming the tensor, when a source makes the wrong number of bytes
     */
    public void write(Path out) throws IOException {
        int alignment = alignment();
        ByteBuffer header = encodeHeader(alignment);
        AtomicFile.write(out, ch -> {
            AtomicFile.writeFully(ch, header);
            // Staged through a buffer: asByteBuffer() fails on segments over int[] or float[] arrays.
            ByteBuffer staging = ByteBuffer.allocateDirect(CHUNK);
            for (Pending t : tensors) {
                // Shared, not confined: a source may fill its tensor from worker threads.
                try (Arena arena = Arena.ofShared()) {
                    copy(ch, producedBytes(t, arena), staging);
                }
                AtomicFile.writeFully(ch, ByteBuffer.allocate(padding(t.byteSize, alignment)));
            }
        });
    }

    private static MemorySegment producedBytes(Pending t, Arena arena) throws IOException {
        MemorySegment data = t.source.bytes(arena);
        if (data.byteSize() != t.byteSize) {
            throw new IllegalStateException("tensor '" + t.name + "': its source made " + data.byteSize()
                    + " bytes, but " + describe(t.type, t.shape) + " takes " + t.byteSize);
        }
        return data;
    }

    private static void copy(FileChannel ch, MemorySegment data, ByteBuffer staging) throws IOException {
        MemorySegment stagingSegment = MemorySegment.ofBuffer(staging.clear()); // all of it, not what is left
        for (long off = 0; off < data.byteSize(); off += CHUNK) {
            int n = (int) Math.min(CHUNK, data.byteSize() - off);
            MemorySegment.copy(data, off, stagingSegment, 0, n);
            AtomicFile.writeFully(ch, staging.clear().limit(n));
        }
    }

    private int alignment() {
        GgufValue v = metadata.get(GgufFile.ALIGNMENT_KEY);
        if (v == null) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        long a = v.type() == GgufValueType.UINT32 ? (Long) v.value() : -1;
        if (!GgufReader.isValidAlignment(a)) {
            throw new IllegalArgumentException(GgufFile.ALIGNMENT_KEY + " must be a UINT32 power of two from 1 to "
                    + GgufReader.MAX_ALIGNMENT + ", got " + v.describe(4) + " (" + v.type() + ")");
        }
        return (int) a;
    }

    /** Zero bytes after {@code size} up to the alignment; computed without {@code size + alignment}, which may overflow. */
    private static int padding(long size, int alignment) {
        return (int) ((alignment - size % alignment) % alignment);
    }

    private ByteBuffer encodeHeader(int alignment) {
        HeaderEncoder e = new HeaderEncoder();
        e.u32(GgufReader.MAGIC);
        e.u32(VERSION);
        e.u64(tensors.size());
        e.u64(metadata.size());
        for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
            e.string(kv.getKey());
            e.u32(kv.getValue().type().id());
            e.value(kv.getValue());
        }
        long offset = 0;
        for (Pending t : tensors) {
            e.string(t.name);
            e.u32(t.shape.length);
            for (long d : t.shape) {
                e.u64(d);
            }
            e.u32(t.type.id());
            e.u64(offset);
            offset = nextOffset(t, offset, alignment);
        }
        if (!tensors.isEmpty() || padWithoutTensors) {
            e.zeros(padding(e.size(), alignment));
        }
        return e.finish();
    }

    /** Where the tensor after {@code t} starts in the data section; refused when past 2^63 bytes. */
    private static long nextOffset(Pending t, long offset, int alignment) {
        try {
            return Math.addExact(Math.addExact(offset, t.byteSize), padding(t.byteSize, alignment));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor '" + t.name + "': the data section would be larger than 2^63 bytes");
        }
    }
}
