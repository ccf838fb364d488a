package dev.corvid.sample;

/**
 * Argmax of a logits row, the lowest index winning ties, as llama.cpp's greedy sampler and the golden runs
 * pick tokens.
 *
 * <pre>{@code int next = Greedy.argmax(logits, row * nVocab, nVocab);}</pre>
 */
public final class Greedy {
    private Greedy() {
    }

    public static int argmax(float[] logits, int offset, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("empty logits row");
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[offset + i] > logits[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
