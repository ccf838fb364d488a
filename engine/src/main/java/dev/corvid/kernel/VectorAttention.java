package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/** The vector half of {@link CausalAttention}: the weighted sum of value rows, a head's width at a time. */
final class VectorAttention {
    private VectorAttention() {
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
