package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;
import static dev.corvid.kernel.Vectors.LE;

/** bfloat16 rows: each value is the top half of a float, so widening and shifting left by 16 decodes it exactly. */
final class BF16Kernel implements RowKernel {
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * Short.SIZE));
    private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        int vectorized = FLOATS.loopBound(n);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < vectorized; i += LANES) {
            acc = values(weights, offset + 2L * i).fma(Vectors.floats(x, xOffset + i), acc);
        }
        float sum = Vectors.sum(acc);
        for (int i = vectorized; i < n; i++) {
            sum += value(weights, offset + 2L * i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        int vectorized = FLOATS.loopBound(n);
        for (int i = 0; i < vectorized; i += LANES) {
            values(weights, offset + 2L * i).intoArray(dst, dstOffset + i);
        }
        for (int i = vectorized; i < n; i++) {
            dst[dstOffset + i] = value(weights, offset + 2L * i);
        }
    }

    private static FloatVector values(MemorySegment weights, long offset) {
        ShortVector bits = ShortVector.fromMemorySegment(SHORTS, weights, offset, LE);
        return ((IntVector) bits.convertShape(VectorOperators.S2I, INTS, 0))
                .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    private static float value(MemorySegment weights, long offset) {
        return Float.intBitsToFloat(weights.get(SHORT, offset) << 16);
    }
}
