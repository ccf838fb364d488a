package dev.corvid.kernel;

import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufTensor;
import dev.corvid.gguf.SharedAssets;
import dev.corvid.quant.GgmlType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Repacked layouts against the file formats they replace: decoded values bit-identical to
 * {@link GgmlType#dequantize} (on random blocks and on every tensor of those types in the shared
 * models), dot products equal to dequantize-then-dot up to float rounding, several rows at once equal
 * to one row at a time bit for bit, batched products equal to one token at a time.
 */
class PackedLayoutTest {
    /** Calls after which both forms run compiled. */
    private static final int WARM_UP = 3000;

    @ParameterizedTest
    @EnumSource(Repacker.class)
    void decodedValuesAreBitIdenticalAndDotsMatchTheReference(Repacker repacker) {
        GgmlType type = repacker.source();
        int rows = 9;
        int cols = 4 * 256;
        MemorySegment data = RandomBlocks.of(type, (long) rows * cols, 100 + type.ordinal());
        MemorySegment packed = repacker.repack(data, rows, cols);
        PackedLayout layout = repacker.layout();
        long rowBytes = layout.byteSize(cols);
        float[] x = MatrixChecks.activations(cols, 5);
        for (RowKernel kernel : new RowKernel[] {layout.kernel(), new ScalarPackedKernel(layout)}) {
            String name = repacker + " " + kernel.getClass().getSimpleName();
            float[] several = new float[rows + 2];
            float[] ones = new float[rows];
            // compiled code sums lanes in another order than the interpreter: compare compiled forms
            for (int warm = 0; warm < WARM_UP; warm++) {
                kernel.dotRows(packed, 0, rowBytes, rows, x, cols, several, 2);
                for (int row = 0; row < rows; row++) {
                    ones[row] = kernel.dot(packed, row * rowBytes, x, 0, cols);
                }
            }
            for (int row = 0; row < rows; row++) {
                float[] reference = new float[cols];
                type.dequantize(data, type.byteSize((long) row * cols), reference, 0, cols);
                float[] decoded = new float[cols + 3];
                kernel.decode(packed, row * rowBytes, decoded, 3, cols);
                for (int i = 0; i < cols; i++) {
                    assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(decoded[i + 3]),
                            name + " row " + row + " value " + i + ": " + reference[i] + " vs " + decoded[i + 3]);
                }
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < cols; i++) {
                    exact += (double) reference[i] * x[i];
                    magnitude += Math.abs((double) reference[i] * x[i]);
                }
                float one = ones[row];
                assertEquals(exact, one, 1e-5 * magnitude + 1e-30, name + " row " + row);
                assertEquals(Float.floatToRawIntBits(one), Float.floatToRawIntBits(several[2 + row]),
                        name + " row " + row + ": dotRows " + several[2 + row] + " vs dot " + one);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Repacker.class)
    void batchedProductEqualsOneTokenAtATime(Repacker repacker) {
        int rows = 37;
        int cols = 2048;
        MemorySegment data = RandomBlocks.of(repacker.source(), (long) rows * cols, 3);
        MatrixChecks.batchEqualsOneTokenAtATime(
                new QuantizedMatrix(repacker.layout(), repacker.repack(data, rows, cols), rows, cols), repacker.toString());
    }

    /** Several rows per pass must not change any row's sum: Q8_0's four-row form against its one-row form. */
    @Test
    void q8_0RowsAtOnceEqualOneRowAtATime() {
        int rows = 11;
        int cols = 896;
        MemorySegment data = RandomBlocks.of(GgmlType.Q8_0, (long) rows * cols, 9);
        RowKernel kernel = RowKernel.forType(GgmlType.Q8_0);
        float[] x = MatrixChecks.activations(cols, 1);
        float[] out = new float[rows];
        long rowBytes = GgmlType.Q8_0.byteSize(cols);
        float[] ones = new float[rows];
        for (int warm = 0; warm < WARM_UP; warm++) {
            kernel.dotRows(data, 0, rowBytes, rows, x, cols, out, 0);
            for (int r = 0; r < rows; r++) {
                ones[r] = kernel.dot(data, r * rowBytes, x, 0, cols);
            }
        }
        for (int r = 0; r < rows; r++) {
            assertEquals(Float.floatToRawIntBits(ones[r]), Float.floatToRawIntBits(out[r]), "row " + r);
        }
    }

    /** Every tensor of a repackable type in the shared models, repacked and decoded, equals ggml's values. */
    @Test
    void sharedModelTensorsRepackBitIdentically() throws IOException {
        int checked = 0;
        for (Path path : SharedAssets.ggufFiles("models")) {
            try (GgufFile gguf = GgufFile.open(path)) {
                for (GgufTensor t : gguf.tensors()) {
                    Repacker repacker = repackerOf(t.type());
                    if (repacker == null || t.rank() != 2 || t.dim(0) % repacker.layout().blockValues() != 0) {
                        continue;
                    }
                    int cols = (int) t.dim(0);
                    int rows = (int) t.dim(1);
                    MemorySegment packed = repacker.repack(t.data(), rows, cols);
                    RowKernel kernel = repacker.layout().kernel();
                    long rowBytes = repacker.layout().byteSize(cols);
                    float[] reference = new float[cols];
                    float[] decoded = new float[cols];
                    for (int r = 0; r < rows; r++) {
                        t.type().dequantize(t.data(), t.type().byteSize((long) r * cols), reference, 0, cols);
                        kernel.decode(packed, r * rowBytes, decoded, 0, cols);
                        for (int i = 0; i < cols; i++) {
                            if (Float.floatToRawIntBits(reference[i]) != Float.floatToRawIntBits(decoded[i])) {
                                throw new AssertionError(path.getFileName() + " " + t.name() + " row " + r
                                        + " value " + i + ": " + reference[i] + " vs " + decoded[i]);
                            }
                        }
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 20, "only " + checked + " tensors of repackable types in the shared models");
    }

    private static Repacker repackerOf(GgmlType type) {
        for (Repacker r : Repacker.values()) {
            if (r.source() == type) {
                return r;
            }
        }
        return null;
    }
}
