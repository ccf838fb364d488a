package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The repacked form of Q4_K and Q5_K ({@link PackedLayout#Q8_SM32}): blocks of 256 values, 8
 * little-endian float scales ({@code d * scale}) and 8 float mins ({@code dmin * min}), one each per 32
 * values, then 256 unsigned quants as bytes; {@code x = scale * q - min}, ggml's arithmetic exactly. A
 * sub-block contributes {@code scale * sum(q * x) - min * sum(x)}, both sums unscaled.
 */
final class Q8SM32Kernel implements RowKernel {
    static final int VALUES = 256;
    static final int BYTES = 320;
    static final int GROUP = 32;
    static final int MINS = 32;
    static final int QS = 64;

    @Override
    public float dot(MemorySegment weights, long offset, float[] x, int xOffset, int n) {
        // scale and min terms in separate accumulators: two dependency chains instead of one
        FloatVector scaled = FloatVector.zero(FLOATS);
        FloatVector mins = FloatVector.zero(FLOATS);
        for (int b = 0; b < n / VALUES; b++) {
            long at = offset + (long) b * BYTES;
            int xAt = xOffset + b * VALUES;
            for (int g = 0; g < VALUES / GROUP; g++) {
                FloatVector p = FloatVector.zero(FLOATS);
                FloatVector s = FloatVector.zero(FLOATS);
                for (int i = 0; i < GROUP; i += LANES) {
                    FloatVector xv = Vectors.floats(x, xAt + GROUP * g + i);
                    p = Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * g + i)).fma(xv, p);
                    s = s.add(xv);
                }
                scaled = Vectors.scaleAdd(p, Vectors.float32(weights, at + 4L * g), scaled);
                mins = Vectors.scaleAdd(s, -Vectors.float32(weights, at + MINS + 4L * g), mins);
            }
        }
        return Vectors.sum(scaled.add(mins));
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
