package dev.corvid.gguf;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Rows, whole tensors and the byte stream must be three views of the same values. */
class TensorDequantizerTest {

    @Test
    void rowsWholeTensorsAndTheStreamAgree() throws Exception {
        // Q4_K, Q6_K and F32 tensors; token_embd is larger than one streaming chunk
        try (GgufFile gguf = GgufFile.open(SharedAssets.models().resolve("synth-qwen2-256x2.Q4_K_M.gguf"))) {
            for (GgufTensor t : gguf.tensors()) {
                float[] all = TensorDequantizer.toFloats(t);
                assertEquals(t.elementCount(), all.length, t.name());

                int rowLength = (int) t.dim(0);
                long rows = TensorDequantizer.rowCount(t);
                for (long r : new long[] {0, rows / 2, rows - 1}) {
                    int from = (int) (r * rowLength);
                    assertArrayEquals(Arrays.copyOfRange(all, from, from + rowLength), TensorDequantizer.row(t, r),
                            t.name() + " row " + r);
                }

                ByteArrayOutputStream streamed = new ByteArrayOutputStream();
                TensorDequantizer.streamLittleEndian(t, chunk -> {
                    byte[] b = new byte[chunk.remaining()];
                    chunk.get(b);
                    streamed.writeBytes(b);
                });
                float[] fromStream = new float[all.length];
                ByteBuffer.wrap(streamed.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(fromStream);
                assertEquals(4L * all.length, streamed.size(), t.name());
                assertArrayEquals(all, fromStream, t.name());
            }
        }
    }

    @Test
    void rowsOutsideTheTensorAreRejected() throws Exception {
        try (GgufFile gguf = GgufFile.open(SharedAssets.models().resolve("stories260K.Q4_0.gguf"))) {
            GgufTensor t = gguf.tensor("output.weight");
            long rows = TensorDequantizer.rowCount(t);
            assertThrows(IndexOutOfBoundsException.class, () -> TensorDequantizer.row(t, rows));
            assertThrows(IndexOutOfBoundsException.class, () -> TensorDequantizer.row(t, -1));
        }
    }

    /** The reader accepts tensors without values; expanding one does nothing (it used to divide by 0). */
    @Test
    void emptyTensorsExpandToNothing(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("empty.gguf");
        new GgufWriter()
                .addTensor("rows-of-nothing", GgmlType.F32, new long[] {0, 4}, MemorySegment.ofArray(new byte[0]))
                .addTensor("no-rows", GgmlType.Q8_0, new long[] {32, 0}, MemorySegment.ofArray(new byte[0]))
                .addTensor("nothing", GgmlType.F16, new long[] {0}, MemorySegment.ofArray(new byte[0]))
                .write(file);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(3, gguf.tensors().size());
            for (GgufTensor t : gguf.tensors()) {
                assertEquals(0, TensorDequantizer.rowCount(t), t.name());
                assertEquals(0, TensorDequantizer.toFloats(t).length, t.name());
                int[] chunks = {0};
                TensorDequantizer.streamLittleEndian(t, chunk -> chunks[0]++);
                assertEquals(0, chunks[0], t.name());
                assertThrows(IndexOutOfBoundsException.class, () -> TensorDequantizer.row(t, 0), t.name());
            }
        }
    }
}
