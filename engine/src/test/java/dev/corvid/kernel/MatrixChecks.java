package dev.corvid.kernel;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the kernel tests share. */
final class MatrixChecks {
    private MatrixChecks() {
    }

    /** Seeded standard-normal activations. */
    static float[] activations(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * A batch of 70 tokens through {@code matrix} gives each token's row sums of the one-token product,
     * within float rounding (the batched path tiles rows and tokens and sums in another order).
     */
    static void batchEqualsOneTokenAtATime(QuantizedMatrix matrix, String what) {
        int rows = matrix.rows();
        int cols = matrix.cols();
        int tokens = 70;
        float[] in = activations(tokens * cols, 11);
        float[] batch = new float[tokens * rows];
        matrix.multiply(in, tokens, batch);
        float[] one = new float[rows];
        float[] token = new float[cols];
        for (int t = 0; t < tokens; t++) {
            System.arraycopy(in, t * cols, token, 0, cols);
            matrix.multiply(token, 1, one);
            for (int r = 0; r < rows; r++) {
                float expected = one[r];
                float got = batch[t * rows + r];
                assertTrue(Math.abs(expected - got) <= 1e-4f * Math.max(1f, Math.abs(expected)),
                        what + " token " + t + " row " + r + ": " + expected + " vs " + got);
            }
        }
    }
}
