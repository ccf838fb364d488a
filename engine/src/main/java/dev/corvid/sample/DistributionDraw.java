package dev.corvid.sample;

/**
 * llama.cpp's dist sampler: softmax of the candidates in their current order and one uniform draw from
 * {@link Mt19937}; the chosen token is the first whose running probability sum reaches the draw. It draws
 * even when one candidate is left, so the random sequence stays the same as llama.cpp's.
 */
final class DistributionDraw {
    private DistributionDraw() {
    }

    static int apply(Candidates c, Mt19937 rng) {
        if (c.size == 0) {
            throw new IllegalStateException("no candidate token left to sample");
        }
        if (c.size == 1) {
            rng.nextDouble();
            return c.ids[0];
        }
        float max = c.maxLogit();
        double sum = 0.0;
        for (int i = 0; i < c.size; i++) {
            sum += (float) Math.exp(c.logits[i] - max);
        }
        double target = sum * rng.nextDouble();
        double running = 0.0;
        for (int i = 0; i < c.size; i++) {
            running += (float) Math.exp(c.logits[i] - max);
            if (running >= target) {
                return c.ids[i];
            }
        }
        return c.ids[c.size - 1]; // rounding left the target unreached: llama.cpp takes the last token
    }
}
