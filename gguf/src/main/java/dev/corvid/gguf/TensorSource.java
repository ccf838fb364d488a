package dev.corvid.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Makes one tensor's bytes when {@link GgufWriter#write} reaches that tensor, so that a model is written a
 * tensor at a time instead of being held whole in memory: the writer asks for each tensor's bytes only
 * after the previous tensor is in the file and its memory released.
 *
 * <pre>{@code
 * writer.addTensor("output.weight", GgmlType.Q8_0, new long[] {256, 1000}, arena -> {
 *     float[] w = outputWeights();                                  // computed only now
 *     MemorySegment data = arena.allocate(GgmlType.Q8_0.byteSize(w.length), 64);
 *     GgmlType.Q8_0.quantize(w, 0, data, 0, w.length);
 *     return data;                                                  // written, then the arena is closed
 * });
 * }</pre>
 */
@FunctionalInterface
public interface TensorSource {
    /**
     * The tensor's bytes, exactly as many as its type and shape take (else the write fails, naming the
     * tensor). {@code arena} is the tensor's own: shared, so that worker threads may fill what is allocated
     * in it, and closed as soon as the bytes are written. A segment from elsewhere, such as a view of a
     * mapped file, must stay valid until then.
     */
    MemorySegment bytes(Arena arena) throws IOException;
}
