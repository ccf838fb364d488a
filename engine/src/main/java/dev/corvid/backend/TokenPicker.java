package dev.corvid.backend;

/**
 * Chooses the next token from a row of logits.
 *
 * <pre>{@code
 * int[] ids = backend.generate(prompt, 32, TokenPicker.sampled(0.8, 42));
 * }</pre>
 */
@FunctionalInterface
public interface TokenPicker {

    /** The chosen id, an index into {@code logits}. */
    int pick(float[] logits);

    /** The highest logit; the lowest index wins ties, as in llama.cpp's greedy goldens. */
    static TokenPicker greedy() {
        return TokenPicker::argmax;
    }

    /**
     * A draw from {@code softmax(logits / temperature)}, reproducible for a given {@code seed}.
     *
     * @throws IllegalArgumentException unless {@code temperature > 0}
     */
    static TokenPicker sampled(double temperature, long seed) {
        return new TemperatureSampler(temperature, seed);
    }

    /** The index of the largest value, the first one among equals. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
