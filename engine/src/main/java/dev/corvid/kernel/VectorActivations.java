package dev.corvid.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.corvid.kernel.Vectors.FLOATS;
import static dev.corvid.kernel.Vectors.LANES;

/**
 * The exponentials of fast mode: SwiGLU's sigmoid and attention's softmax with the Vector API's {@code EXP}
 * (within a few ulps of {@link Math#exp}, ten times faster; scalar {@code Math.exp} made these two a quarter
 * of a 512-token prefill). Only loaded when {@link VectorSupport#ENABLED}.
 */
final class VectorActivations {
    private VectorActivations() {
    }

    /** {@code gate[i] = gate[i] / (1 + e^-gate[i]) * up[i]}. */
    static void swiGlu(float[] gate, float[] up, int n) {
        int vectorized = FLOATS.loopBound(n);
        for (int i = 0; i < vectorized; i += LANES) {
            FloatVector g = Vectors.floats(gate, i);
            g.div(g.neg().lanewise(VectorOperators.EXP).add(1f)).mul(Vectors.floats(up, i)).intoArray(gate, i);
        }
        SwiGlu.applyScalar(gate, up, vectorized, n);
    }

    /** Replaces {@code x[offset .. offset + n)} by its softmax; the sum in float, lanes added in a fixed order. */
    static void softmaxInPlace(float[] x, int offset, int n) {
        int vectorized = FLOATS.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        FloatVector sums = FloatVector.zero(FLOATS);
        for (int i = 0; i < vectorized; i += LANES) {
            FloatVector e = Vectors.floats(x, offset + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(x, offset + i);
            sums = sums.add(e);
        }
        float sum = Vectors.sum(sums);
        for (int i = vectorized; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inverse = 1.0f / sum;
        for (int i = 0; i < vectorized; i += LANES) {
            Vectors.floats(x, offset + i).mul(inverse).intoArray(x, offset + i);
        }
        for (int i = vectorized; i < n; i++) {
            x[offset + i] *= inverse;
        }
    }
}
