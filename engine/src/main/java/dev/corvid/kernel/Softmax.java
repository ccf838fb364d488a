package dev.corvid.kernel;

/**
 * Softmax rounded as ggml's {@code soft_max}: exponentials in float, their sum in double, and one
 * float multiplication by the reciprocal of the sum.
 */
public final class Softmax {
    private Softmax() {
    }

    /** Replaces {@code x[offset .. offset + n)} by its softmax. */
    public static void applyInPlace(float[] x, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[offset + i] - max);
            x[offset + i] = e;
            sum += e;
        }
        float inverse = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[offset + i] *= inverse;
        }
    }
}
