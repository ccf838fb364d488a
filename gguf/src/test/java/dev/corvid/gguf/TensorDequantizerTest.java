package dev.corvid.gguf;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
}
