package dev.corvid.kernel;

/** The dot product all matrix kernels share: float products summed in float, in index order. */
public final class Dot {
    private Dot() {
    }

    /** {@code sum(a[aOffset + i] * b[bOffset + i])} for {@code i < n}. */
    public static float dot(float[] a, int aOffset, float[] b, int bOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }
}
