package dev.corvid.backend;

import java.util.Random;

/** Draws a token from the temperature-scaled softmax of the logits with a seeded generator. */
final class TemperatureSampler implements TokenPicker {
    private final double temperature;
    private final Random random;

    TemperatureSampler(double temperature, long seed) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive: " + temperature);
        }
        this.temperature = temperature;
        this.random = new Random(seed);
    }

    @Override
    public int pick(float[] logits) {
        // Subtracting the maximum keeps every exponent <= 0, so no weight overflows.
        double max = logits[TokenPicker.argmax(logits)];
        double[] weights = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - max) / temperature);
            total += weights[i];
        }
        double target = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            target -= weights[i];
            if (target < 0) {
                return i;
            }
        }
        return TokenPicker.argmax(logits); // only reached through rounding at the very end of the range
    }
}
