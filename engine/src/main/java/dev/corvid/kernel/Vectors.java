package dev.corvid.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The shapes every vector kernel shares: float vectors of the preferred width (at most 16 lanes,
 * so that one vector never spans two 16- or 32-value sub-blocks), and byte vectors of as many lanes,
 * which convert lane for lane into them. Only loaded when {@link VectorSupport#ENABLED}.
 */
final class Vectors {
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.length() <= 16
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_512;
    static final int LANES = FLOATS.length();
    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE));
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private Vectors() {
    }

    /** {@link #LANES} bytes from {@code offset}. */
    static ByteVector bytes(MemorySegment weights, long offset) {
        return ByteVector.fromMemorySegment(BYTES, weights, offset, LE);
    }

    /** The byte lanes as floats, sign-extended. */
    static FloatVector floats(ByteVector lanes) {
        return (FloatVector) lanes.convertShape(VectorOperators.B2F, FLOATS, 0);
    }

    static FloatVector floats(float[] x, int offset) {
        return FloatVector.fromArray(FLOATS, x, offset);
    }

    /** The little-endian IEEE half at {@code offset}. */
    static float half(MemorySegment weights, long offset) {
        return Float.float16ToFloat(weights.get(HALF, offset));
    }

    /** The little-endian float at {@code offset}. */
    static float float32(MemorySegment weights, long offset) {
        return weights.get(FLOAT, offset);
    }

    static int int32(MemorySegment weights, long offset) {
        return weights.get(INT, offset);
    }

    /** {@code acc + v * s}, the scalar broadcast to every lane. */
    static FloatVector scaleAdd(FloatVector v, float s, FloatVector acc) {
        return v.fma(FloatVector.broadcast(FLOATS, s), acc);
    }

    /**
     * The sum of the lanes, added in a fixed tree (lane i + lane i + half, halving). Not
     * {@code reduceLanes(ADD)}: its order is unspecified, and the JIT-compiled intrinsic and the
     * interpreted code do add in different orders, so the same input would give logits that differ in
     * the last bit depending on how warm the JVM is.
     */
    static float sum(FloatVector v) {
        // Four folds cover 16 lanes; both methods stay under C2's 35-byte limit for inlining at call sites it
        // deems cold (once per row after a long loop): a vector passed to a method not inlined is boxed, and
        // a kernel whose final sum was not inlined ran three times slower.
        return fold(fold(fold(fold(v, 0), 1), 2), 3).lane(0);
    }

    /** {@code v} plus its lanes moved by fold {@code i}'s shuffle; {@code v} itself past the last fold. */
    private static FloatVector fold(FloatVector v, int i) {
        return i < FOLDS.length ? v.add(v.rearrange(FOLDS[i])) : v;
    }

    /** {@link #sum}'s tree over {@code LANES} floats stored at {@code lanes[at]}: the same additions in scalar code. */
    static float sumLanes(float[] lanes, int at) {
        if (LANES == 16) {
            // the tree written out: straight-line code the JIT schedules well (this runs once per output of a tile)
            float a0 = lanes[at] + lanes[at + 8];
            float a1 = lanes[at + 1] + lanes[at + 9];
            float a2 = lanes[at + 2] + lanes[at + 10];
            float a3 = lanes[at + 3] + lanes[at + 11];
            float a4 = lanes[at + 4] + lanes[at + 12];
            float a5 = lanes[at + 5] + lanes[at + 13];
            float a6 = lanes[at + 6] + lanes[at + 14];
            float a7 = lanes[at + 7] + lanes[at + 15];
            float b0 = a0 + a4;
            float b1 = a1 + a5;
            float b2 = a2 + a6;
            float b3 = a3 + a7;
            return (b0 + b2) + (b1 + b3);
        }
        for (int half = LANES / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                lanes[at + i] = lanes[at + i] + lanes[at + i + half];
            }
        }
        return lanes[at];
    }

    /** For each halving step, the shuffle bringing lane {@code i + half} to lane {@code i}. */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] FOLDS = foldShuffles();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] foldShuffles() {
        VectorShuffle<Float>[] folds = new VectorShuffle[Integer.numberOfTrailingZeros(LANES)];
        int k = 0;
        for (int half = LANES / 2; half >= 1; half /= 2) {
            int h = half;
            folds[k++] = VectorShuffle.fromOp(FLOATS, i -> (i + h) % LANES);
        }
        return folds;
    }

    /** {@code sum(a[aOffset + i] * b[bOffset + i])} for {@code i < n}, any {@code n}. */
    static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        int vectorized = FLOATS.loopBound(n);
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int i = 0; i < vectorized; i += LANES) {
            acc = floats(a, aOffset + i).fma(floats(b, bOffset + i), acc);
        }
        float sum = sum(acc);
        for (int i = vectorized; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }
}
