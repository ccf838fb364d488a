package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The vector half of {@link CausalAttention}: scores from keys stored in blocks of {@link #KEY_BLOCK}
 * positions, dimension-major within a block, and the weighted sum of value rows, a head's width at a time.
 */
final class VectorAttention {
    /** Positions per block of the vector key layout: one vector's lanes. */
    static final int KEY_BLOCK = LANES;

    private VectorAttention() {
    }

    /**
     * {@code weights[p] = scale * dot(key p, q)} for the positions of every block that holds one of
     * {@code p < visible} (the last block's other lanes get scores too, to be ignored): key {@code p}'s
     * dimension {@code d} of the head at {@code kvOffset} sits at
     * {@code ((p / KEY_BLOCK) * kvRow + kvOffset + d) * KEY_BLOCK + p % KEY_BLOCK}.
     */
    static void scores(float[] keys, int kvRow, int kvOffset, float[] q, int qOffset, int headDim, int visible,
                       float scale, float[] weights) {
        for (int block = 0; block * KEY_BLOCK < visible; block++) {
            int at = (block * kvRow + kvOffset) * KEY_BLOCK;
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int d = 0; d < headDim; d++) {
                acc = Vectors.scaleAdd(Vectors.floats(keys, at + d * KEY_BLOCK), q[qOffset + d], acc);
            }
            acc.mul(scale).intoArray(weights, block * KEY_BLOCK);
        }
    }

    /**
     * {@code out[outOffset + d] = sum_p weights[p] * values[p * stride + offset + d]} for
     * {@code p < positions}, {@code d < headDim}.
     */
    static void weightedSum(float[] weights, int positions, float[] values, int offset, int stride, int headDim,
                            float[] out, int outOffset) {
        int vectorized = FLOATS.loopBound(headDim);
        for (int d = 0; d < vectorized; d += LANES) {
            FloatVector acc = FloatVector.zero(FLOATS);
            for (int p = 0; p < positions; p++) {
                acc = Vectors.scaleAdd(Vectors.floats(values, p * stride + offset + d), weights[p], acc);
            }
            acc.intoArray(out, outOffset + d);
        }
        for (int d = vectorized; d < headDim; d++) {
            float sum = 0f;
            for (int p = 0; p < positions; p++) {
                sum += weights[p] * values[p * stride + offset + d];
            }
            out[outOffset + d] = sum;
        }
    }
}
