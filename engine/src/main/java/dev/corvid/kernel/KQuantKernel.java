package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The K-quants with a scale and a min per sub-block, Q4_K and Q5_K: 256 values per block in 8
 * sub-blocks of 32, {@code x = d * scale * q - dmin * min} (see {@link KScaleField}); the two differ
 * only in how a sub-block's quants are unpacked. A sub-block contributes
 * {@code d * scale * sum(q * x) - dmin * min * sum(x)}: both sums run unscaled and are scaled once per
 * sub-block. The loop body handles one sub-block, so that it stays small enough for C2 to inline
 * every vector operation (a body unrolled by hand over sub-blocks was not, and its vectors ended up
 * boxed on the heap).
 */
abstract sealed class KQuantKernel implements RowKernel permits Q4_KKernel, Q5_KKernel {
    private static final int VALUES = 256;
    private static final int SCALES = 4;
    static final int SUB = 32;

    private final int blockBytes;

    KQuantKernel(int blockBytes) {
        this.blockBytes = blockBytes;
    }

    /** The quants {@code i .. i + LANES} of sub-block {@code sub} of the block at {@code block}, as floats. */
    abstract FloatVector quants(MemorySegment weights, long block, int sub, int i);

    @Override
    public final float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * blockBytes;
            float d = Vectors.half(weights, at);
            float dmin = Vectors.half(weights, at + 2);
            for (int sub = 0; sub < 8; sub++) {
                int xAt = xOffset + b * VALUES + SUB * sub;
                FloatVector quants = FloatVector.zero(FLOATS);
                FloatVector inputs = FloatVector.zero(FLOATS);
                for (int i = 0; i < SUB; i += LANES) {
                    FloatVector xv = Vectors.floats(x, xAt + i);
                    quants = quants(weights, at, sub, i).fma(xv, quants);
                    inputs = inputs.add(xv);
                }
                acc = Vectors.scaleAdd(quants, d * KScaleField.scale(weights, at + SCALES, sub), acc);
                acc = Vectors.scaleAdd(inputs, -dmin * KScaleField.min(weights, at + SCALES, sub), acc);
            }
        }
        return Vectors.sum(acc);
    }

    @Override
    public final void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * blockBytes;
            float d = Vectors.half(weights, at);
            float dmin = Vectors.half(weights, at + 2);
            for (int sub = 0; sub < 8; sub++) {
                float scale = d * KScaleField.scale(weights, at + SCALES, sub);
                float min = -dmin * KScaleField.min(weights, at + SCALES, sub);
                for (int i = 0; i < SUB; i += LANES) {
                    quants(weights, at, sub, i).fma(scale, min).intoArray(dst, dstOffset + b * VALUES + SUB * sub + i);
                }
            }
        }
    }
}
