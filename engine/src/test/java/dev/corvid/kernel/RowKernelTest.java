package dev.corvid.kernel;

import dev.corvid.quant.GgmlType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every kernel (vector and scalar) against the reference: the type's bit-exact decoder, then a dot
 * product in double. Rows of several blocks at an offset into the tensor, activations of mixed sign.
 */
class RowKernelTest {
    private static final int ROWS = 3;

    @ParameterizedTest
    @EnumSource(GgmlType.class)
    void dotEqualsDequantizeThenDot(GgmlType type) {
        int cols = 4 * Math.max(type.blockSize(), 64);
        MemorySegment data = RandomBlocks.of(type, (long) ROWS * cols, type.ordinal());
        float[] x = MatrixChecks.activations(cols, 7);
        for (RowKernel kernel : new RowKernel[] {RowKernel.forType(type), new ScalarKernel(type)}) {
            for (int row = 0; row < ROWS; row++) {
                long offset = type.byteSize((long) row * cols);
                float[] reference = new float[cols];
                type.dequantize(data, offset, reference, 0, cols);
                double exact = 0;
                double magnitude = 0;
                for (int i = 0; i < cols; i++) {
                    exact += (double) reference[i] * x[i];
                    magnitude += Math.abs((double) reference[i] * x[i]);
                }
                float got = kernel.dot(data, offset, x, 0, cols);
                assertEquals(exact, got, 1e-5 * magnitude + 1e-30, type + " " + kernel.getClass().getSimpleName());

                float[] decoded = new float[cols + 1];
                kernel.decode(data, offset, decoded, 1, cols);
                for (int i = 0; i < cols; i++) {
                    assertEquals(reference[i], decoded[i + 1], 1e-6 * Math.abs(reference[i]) + 1e-9,
                            type + " value " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "Q8_0", "Q5_0", "Q4_K", "Q6_K", "Q4_0"})
    void batchedProductEqualsOneTokenAtATime(GgmlType type) {
        int rows = 37;
        int cols = type == GgmlType.F32 ? 172 : 2048;
        MatrixChecks.batchEqualsOneTokenAtATime(
                new QuantizedMatrix(type, RandomBlocks.of(type, (long) rows * cols, 3), rows, cols), type.toString());
    }
}
