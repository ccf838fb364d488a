package dev.corvid.quant;

/**
 * The value of largest magnitude in a run, sign kept: symmetric quantizers map it to their most negative
 * step, so its sign decides the sign of the scale. On ties the first one wins, as in ggml.
 */
final class SignedExtreme {
    private SignedExtreme() {
    }

    static float of(float[] x, int from, int n) {
        float amax = 0;
        float max = 0;
        for (int i = from; i < from + n; i++) {
            float ax = Math.abs(x[i]);
            if (ax > amax) {
                amax = ax;
                max = x[i];
            }
        }
        return max;
    }
}
