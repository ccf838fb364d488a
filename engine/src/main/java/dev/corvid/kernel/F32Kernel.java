package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;
import static dev.corvid.kernel.Vectors.LE;

/** Little-endian float32 rows, read in place; rows of any length (tiny models have rows of 172). */
final class F32Kernel implements RowKernel {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        int vectorized = FLOATS.loopBound(n);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < vectorized; i += LANES) {
            FloatVector w = FloatVector.fromMemorySegment(FLOATS, weights, offset + (long) Float.BYTES * i, LE);
            acc = w.fma(Vectors.floats(x, xOffset + i), acc);
        }
        float sum = Vectors.sum(acc);
        for (int i = vectorized; i < n; i++) {
            sum += weights.get(FLOAT, offset + (long) Float.BYTES * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        MemorySegment.copy(weights, FLOAT, offset, dst, dstOffset, n);
    }
}
