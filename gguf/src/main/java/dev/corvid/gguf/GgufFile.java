package dev.corvid.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open GGUF file: its metadata and tensors, the tensors being zero-copy views of the file mapped
 * into memory. Closing it unmaps the file; tensor views must not be used after that.
 *
 * <pre>{@code
 * try (GgufFile gguf = GgufFile.open(Path.of("model.gguf"))) {
 *     String arch = gguf.metadata().getString("general.architecture");
 *     GgufTensor embeddings = gguf.tensor("token_embd.weight");
 * }
 * }</pre>
 *
 * Thread-safe: any thread may read the tensors while the file is open.
 */
public final class GgufFile implements AutoCloseable {
    /** The alignment of tensor data when {@code general.alignment} is absent. */
    public static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";

    private final Path path;
    private final int version;
    private final int alignment;
    private final long dataOffset;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensor> tensors;
    private final Arena arena;

    GgufFile(Path path, int version, int alignment, long dataOffset, GgufMetadata metadata,
             List<GgufTensor> tensorList, Arena arena) {
        this.path = path;
        this.version = version;
        this.alignment = alignment;
        this.dataOffset = dataOffset;
        this.metadata = metadata;
        Map<String, GgufTensor> byName = new LinkedHashMap<>();
        for (GgufTensor t : tensorList) {
            byName.put(t.name(), t);
        }
        this.tensors = Collections.unmodifiableMap(byName);
        this.arena = arena;
    }

    /** Maps and parses {@code path}; every count, size and offset is checked before it is used. */
    public static GgufFile open(Path path) throws IOException {
        return GgufReader.open(path);
    }

    public Path path() {
        return path;
    }

    /** GGUF format version (2 or 3). */
    public int version() {
        return version;
    }

    public int alignment() {
        return alignment;
    }

    /** Byte offset of the data section in the file. */
    public long dataOffset() {
        return dataOffset;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Tensors in file order. */
    public List<GgufTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    public GgufTensor tensor(String name) {
        GgufTensor t = tensors.get(name);
        if (t == null) {
            throw new GgufFormatException(path + ": no tensor named '" + name + "'");
        }
        return t;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
