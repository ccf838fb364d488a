package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * Q8_0 rows (blocks of a half scale {@code d} and 32 signed bytes, {@code x = d * q}): the products
 * of a block are summed unscaled and multiplied by {@code d} once per block.
 */
final class Q8_0Kernel extends MultiRowKernel {
    private static final int VALUES = 32;
    private static final int BYTES = 34;
    private static final int QS = 2;

    @Override
    float rows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset, int n,
               float[] out, int outOffset) {
        float sum = 0f;
        for (int r = 0; r < nRows; r++) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int b = 0; b < n / VALUES; b++) {
                long at = offset + r * rowBytes + (long) b * BYTES;
                int xAt = xOffset + b * VALUES;
                FloatVector block = FloatVector.zero(FLOATS);
                for (int i = 0; i < VALUES; i += LANES) {
                    block = Vectors.floats(Vectors.bytes(weights, at + QS + i)).fma(Vectors.floats(x, xAt + i), block);
                }
                acc = Vectors.scaleAdd(block, Vectors.half(weights, at), acc);
            }
            sum = Vectors.sum(acc);
            if (out != null) {
                out[outOffset + r] = sum;
            }
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            float d = Vectors.half(weights, at);
            for (int i = 0; i < VALUES; i += LANES) {
                Vectors.floats(Vectors.bytes(weights, at + QS + i)).mul(d).intoArray(dst, dstOffset + b * VALUES + i);
            }
        }
    }
}
