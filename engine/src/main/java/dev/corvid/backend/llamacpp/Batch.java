package dev.corvid.backend.llamacpp;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static dev.corvid.backend.llamacpp.Structs.padding;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A {@code struct llama_batch} from {@code llama_batch_init} for one sequence, refilled for each
 * decode: every token gets its position, sequence 0, and an output flag.
 */
final class Batch {
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("n_tokens"),
            padding(4),
            ADDRESS.withName("token"),
            ADDRESS.withName("embd"),
            ADDRESS.withName("pos"),
            ADDRESS.withName("n_seq_id"),
            ADDRESS.withName("seq_id"),
            ADDRESS.withName("logits"));

    /** The struct itself, passed by value to {@code llama_decode} and {@code llama_batch_free}. */
    final MemorySegment struct;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqIdCounts;
    private final MemorySegment seqIds;
    private final MemorySegment outputs;

    /** Views {@code struct}, allocated by {@code llama_batch_init(capacity, 0, 1)}. */
    Batch(MemorySegment struct, int capacity) {
        this.struct = struct;
        this.tokens = array(struct, "token", capacity * JAVA_INT.byteSize());
        this.positions = array(struct, "pos", capacity * JAVA_INT.byteSize());
        this.seqIdCounts = array(struct, "n_seq_id", capacity * JAVA_INT.byteSize());
        this.seqIds = array(struct, "seq_id", capacity * ADDRESS.byteSize());
        this.outputs = array(struct, "logits", capacity);
    }

    /** Fills the batch with {@code ids} at positions {@code start...}; only the last token outputs unless {@code allOutputs}. */
    void fill(int[] ids, int start, boolean allOutputs) {
        struct.set(JAVA_INT, Structs.offset(LAYOUT, "n_tokens"), ids.length);
        for (int i = 0; i < ids.length; i++) {
            tokens.setAtIndex(JAVA_INT, i, ids[i]);
            positions.setAtIndex(JAVA_INT, i, start + i);
            seqIdCounts.setAtIndex(JAVA_INT, i, 1);
            seqIds.getAtIndex(ADDRESS, i).reinterpret(JAVA_INT.byteSize()).set(JAVA_INT, 0, 0);
            outputs.set(JAVA_BYTE, i, (byte) (allOutputs || i == ids.length - 1 ? 1 : 0));
        }
    }

    private static MemorySegment array(MemorySegment struct, String field, long bytes) {
        return struct.get(ADDRESS, Structs.offset(LAYOUT, field)).reinterpret(bytes);
    }
}
