package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The repacked form of Q6_K ({@link PackedLayout#Q8_S16}): blocks of 256 values, 16 little-endian
 * float scales (one per 16 values: ggml's {@code d * scale}, already multiplied) then 256 signed bytes
 * ({@code q - 32}); {@code x = scale * q}, ggml's product exactly. A vector of 16 values is one
 * sub-block, so each vector's products are scaled as they are added.
 */
final class Q8S16Kernel extends MultiRowKernel {
    static final int VALUES = 256;
    static final int BYTES = 320;
    static final int GROUP = 16;
    static final int QS = 64;

    @Override
    float rows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset, int n,
               float[] out, int outOffset) {
        float sum = 0f;
        for (int r = 0; r < nRows; r++) {
            // even and odd groups in separate accumulators: two dependency chains instead of one
            FloatVector even = FloatVector.zero(FLOATS);
            FloatVector odd = FloatVector.zero(FLOATS);
            for (int b = 0; b < n / VALUES; b++) {
                long at = offset + r * rowBytes + (long) b * BYTES;
                int xAt = xOffset + b * VALUES;
                for (int g = 0; g < VALUES / GROUP; g += 2) {
                    // the groups' products written out here, not in a method returning a vector (see ScaleMinKernel)
                    FloatVector pe = FloatVector.zero(FLOATS);
                    FloatVector po = FloatVector.zero(FLOATS);
                    for (int i = 0; i < GROUP; i += LANES) {
                        pe = Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * g + i))
                                .fma(Vectors.floats(x, xAt + GROUP * g + i), pe);
                        po = Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * (g + 1) + i))
                                .fma(Vectors.floats(x, xAt + GROUP * (g + 1) + i), po);
                    }
                    even = Vectors.scaleAdd(pe, Vectors.float32(weights, at + 4L * g), even);
                    odd = Vectors.scaleAdd(po, Vectors.float32(weights, at + 4L * (g + 1)), odd);
                }
            }
            sum = Vectors.sum(even.add(odd));
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
            for (int g = 0; g < VALUES / GROUP; g++) {
                float scale = Vectors.float32(weights, at + 4L * g);
                for (int i = 0; i < GROUP; i += LANES) {
                    Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * g + i)).mul(scale)
                            .intoArray(dst, dstOffset + b * VALUES + GROUP * g + i);
                }
            }
        }
    }
}
