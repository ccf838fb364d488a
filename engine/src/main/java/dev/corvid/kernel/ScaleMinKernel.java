package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The repacked forms of Q4_K and Q5_K: blocks of 256 values, 8 little-endian float scales ({@code d * scale})
 * and 8 float mins ({@code dmin * min}), one each per sub-block of 32 values, then the unsigned quants, as
 * bytes ({@link PackedLayout#Q8_SM32}) or as nibbles ({@link PackedLayout#Q4_SM32}); {@code x = scale * q - min},
 * ggml's arithmetic exactly. A sub-block contributes {@code scale * sum(q * x) - min * sum(x)}, both sums
 * unscaled; {@code sum(x)} is the same for every row, so it is computed once per input and the mins are a short
 * scalar product per row. The two forms differ only in how a sub-block's quants are read.
 */
abstract sealed class ScaleMinKernel extends MultiRowKernel
        permits ScaleMinKernel.ByteQuants, ScaleMinKernel.NibbleQuants {
    static final int VALUES = 256;
    static final int GROUP = 32;
    static final int MINS = 32;
    static final int QS = 64;
    private static final Scratch SUMS = new Scratch();

    // Each form writes its loops out in full, with no method that takes or returns a vector between them: when
    // C2 had compiled such a method on its own, it would not inline it into the loop, the vectors crossing the
    // call were boxed, and a product ran two to three times slower, in some JVM runs and not others.

    /** {@link #rows}, given the inputs' sub-block sums. */
    abstract float rowsGivenSums(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset,
                                 int n, float[] sums, float[] out, int outOffset);

    /** One byte per quant: 320 bytes per block. */
    static final class ByteQuants extends ScaleMinKernel {
        static final int BYTES = QS + VALUES;

        @Override
        float rowsGivenSums(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset,
                            int n, float[] sums, float[] out, int outOffset) {
            float sum = 0f;
            for (int r = 0; r < nRows; r++) {
                FloatVector scaled = FloatVector.zero(FLOATS);
                float mins = 0f;
                for (int b = 0; b < n / VALUES; b++) {
                    long at = offset + r * rowBytes + (long) b * BYTES;
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
                sum = Vectors.sum(scaled) - mins;
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
                    float min = Vectors.float32(weights, at + MINS + 4L * g);
                    for (int i = 0; i < GROUP; i += LANES) {
                        Vectors.floats(Vectors.bytes(weights, at + QS + GROUP * g + i)).mul(scale).sub(min)
                                .intoArray(dst, dstOffset + b * VALUES + GROUP * g + i);
                    }
                }
            }
        }
    }

    /**
     * Two quants per byte, 192 bytes per block, as Q4_K's own size plus float scales: byte {@code i} of a
     * sub-block's 16 holds quant {@code i} in its low nibble and quant {@code i + 16} in its high one, so one
     * byte load and a mask or a shift give a vector of either half ({@link Nibbles}).
     */
    static final class NibbleQuants extends ScaleMinKernel {
        static final int BYTES = QS + VALUES / 2;

        @Override
        float rowsGivenSums(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset,
                            int n, float[] sums, float[] out, int outOffset) {
            float sum = 0f;
            for (int r = 0; r < nRows; r++) {
                FloatVector scaled = FloatVector.zero(FLOATS);
                float mins = 0f;
                for (int b = 0; b < n / VALUES; b++) {
                    long at = offset + r * rowBytes + (long) b * BYTES;
                    int xAt = xOffset + b * VALUES;
                    for (int g = 0; g < VALUES / GROUP; g++) {
                        FloatVector p = FloatVector.zero(FLOATS);
                        for (int i = 0; i < GROUP / 2; i += LANES) {
                            ByteVector q = Vectors.bytes(weights, at + QS + GROUP / 2 * g + i);
                            p = Vectors.floats(Nibbles.low(q)).fma(Vectors.floats(x, xAt + GROUP * g + i), p);
                            p = Vectors.floats(Nibbles.high(q)).fma(Vectors.floats(x, xAt + GROUP * g + GROUP / 2 + i), p);
                        }
                        scaled = Vectors.scaleAdd(p, Vectors.float32(weights, at + 4L * g), scaled);
                        mins += Vectors.float32(weights, at + MINS + 4L * g) * sums[b * (VALUES / GROUP) + g];
                    }
                }
                sum = Vectors.sum(scaled) - mins;
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
                    float min = Vectors.float32(weights, at + MINS + 4L * g);
                    int to = dstOffset + b * VALUES + GROUP * g;
                    for (int i = 0; i < GROUP / 2; i += LANES) {
                        ByteVector q = Vectors.bytes(weights, at + QS + GROUP / 2 * g + i);
                        Vectors.floats(Nibbles.low(q)).mul(scale).sub(min).intoArray(dst, to + i);
                        Vectors.floats(Nibbles.high(q)).mul(scale).sub(min).intoArray(dst, to + GROUP / 2 + i);
                    }
                }
            }
        }
    }

    /** The inputs' sub-block sums are computed once for all the rows. */
    @Override
    final float rows(MemorySegment weights, long offset, long rowBytes, int nRows, float[] x, int xOffset, int n,
                     float[] out, int outOffset) {
        float[] sums = SUMS.atLeast(n / GROUP);
        subBlockSums(x, xOffset, n, sums);
        return rowsGivenSums(weights, offset, rowBytes, nRows, x, xOffset, n, sums, out, outOffset);
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
}
