package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The repacked form of Q4_K and Q5_K ({@link PackedLayout#Q8_SM32}): blocks of 256 values, 8
 * little-endian float scales ({@code d * scale}) and 8 float mins ({@code dmin * min}), one each per 32
 * values, then 256 unsigned quants as bytes; {@code x = scale * q - min}, ggml's arithmetic exactly. A
 * sub-block contributes {@code scale * sum(q * x) - min * sum(x)}, both sums unscaled; {@code sum(x)} is the same
 * for every row, so it is computed once per input and the mins are a short scalar product per row.
 */
final class Q8SM32Kernel implements RowKernel {
    static final int VALUES = 256;
    static final int BYTES = 320;
    static final int GROUP = 32;
    static final int MINS = 32;
    static final int QS = 64;
    private static final Scratch SUMS = new Scratch();

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        float[] sums = SUMS.atLeast(n / GROUP);
        subBlockSums(x, xOffset, n, sums);
        return dot(weights, offset, x, xOffset, n, sums);
    }

    /** The sub-block sums of {@code x} are computed once for all the rows. */
    @Override
    public void dotRows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int n,
                        float[] out, int outOffset) {
        float[] sums = SUMS.atLeast(n / GROUP);
        subBlockSums(x, 0, n, sums);
        for (int r = 0; r < nRows; r++) {
            out[outOffset + r] = dot(weights, offset + r * rowBytes, x, 0, n, sums);
        }
    }

    /** {@code sums[g] = sum(x)} over each sub-block {@code g} of 32 inputs: the factor of every row's min. */
    private static void subBlockSums(float[] x, int xOffset, int n, float[] sums) {
        for (int g = 0; g < n / GROUP; g++) {
            FloatVector s = Vectors.floats(x, xOffset + GROUP * g);
            for (int i = LANES; i < GROUP; i += LANES) {
                s = s.add(Vectors.floats(x, xOffset + GROUP * g + i));
            }
            sums[g] = Vectors.sum(s);
        }
    }

    private static float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n, float[] sums) {
        FloatVector scaled = FloatVector.zero(FLOATS);
        float mins = 0f;
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            int xAt = xOffset + b * VALUES;
            for (int g = 0; g < VALUES / GROUP; g++) {
                FloatVector p = FloatVector.zero(FLOATS);
                for (int i = 0; i < GROUP; i += LANES) {
                    p = Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * g + i))
                            .fma(Vectors.floats(x, xAt + GROUP * g + i), p);
                }
                scaled = Vectors.scaleAdd(p, Vectors.float32(weights, at + 4L * g), scaled);
                mins += Vectors.float32(weights, at + MINS + 4L * g) * sums[b * (VALUES / GROUP) + g];
            }
        }
        return Vectors.sum(scaled) - mins;
    }

    @Override
    public void decode(MemorySegment weights, long offset, float[] dst, int dstOffset, int n) {
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            for (int g = 0; g < VALUES / GROUP; g++) {
                float scale = Vectors.float32(weights, at + 4L * g);
                float min = Vectors.float32(weights, at + MINS + 4L * g);
                for (int i = 0; i < GROUP; i += LANES) {
                    Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * g + i)).mul(scale).sub(min)
                            .intoArray(dst, dstOffset + b * VALUES + GROUP * g + i);
                }
            }
        }
    }
}
