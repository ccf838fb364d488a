package dev.corvid.kernel;

/**
 * Root-mean-square normalization times a learned weight, rounded as ggml's {@code rms_norm} + {@code mul}:
 * the squares are float products summed in double, the mean and the scale are floats.
 */
public final class RmsNorm {
    private RmsNorm() {
    }

    /**
     * Normalizes each of the {@code nRows} rows of {@code x} (row length {@code weight.length}) into
     * {@code out}: {@code out = x / sqrt(mean(x^2) + eps) * weight}.
     */
    public static void apply(float[] x, float[] weight, float eps, int nRows, float[] out) {
        int n = weight.length;
        for (int r = 0; r < nRows; r++) {
            int offset = r * n;
            double sumOfSquares = 0.0;
            for (int i = 0; i < n; i++) {
                float xi = x[offset + i];
                sumOfSquares += xi * xi;
            }
            float mean = (float) (sumOfSquares / n);
            float scale = 1.0f / (float) Math.sqrt(mean + eps);
            for (int i = 0; i < n; i++) {
                out[offset + i] = x[offset + i] * scale * weight[i];
            }
        }
    }
}
