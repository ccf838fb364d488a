package dev.corvid.sample;

import java.util.Arrays;

/**
 * llama.cpp's repetition, frequency and presence penalties over the last {@code lastN} accepted tokens:
 * a counted token's logit is divided by {@code repeat} when positive, multiplied when not, then
 * {@code count * frequency + presence} is subtracted.
 */
final class Penalties {
    private final float repeat;
    private final float frequency;
    private final float presence;
    private final int[] window;
    private final int[] counts;
    private int start;
    private int length;

    Penalties(int nVocab, int lastN, float repeat, float frequency, float presence) {
        this.repeat = repeat;
        this.frequency = frequency;
        this.presence = presence;
        this.window = new int[Math.max(lastN, 0)];
        this.counts = new int[nVocab];
    }

    /** llama.cpp leaves the penalty sampler out of the chain in this case. */
    boolean disabled() {
        return window.length == 0 || (repeat == 1.0f && frequency == 0.0f && presence == 0.0f);
    }

    void accept(int token) {
        if (token < 0 || token >= counts.length) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary of " + counts.length);
        }
        if (disabled()) {
            return;
        }
        counts[token]++;
        if (length == window.length) {
            counts[window[start]]--;
            window[start] = token;
            start = (start + 1) % window.length;
        } else {
            window[(start + length) % window.length] = token;
            length++;
        }
    }

    void apply(Candidates c) {
        if (disabled()) {
            return;
        }
        for (int i = 0; i < c.size; i++) {
            int count = counts[c.ids[i]];
            if (count == 0) {
                continue;
            }
            float logit = c.logits[i];
            logit = logit <= 0 ? logit * repeat : logit / repeat;
            c.logits[i] = logit - ((float) count * frequency + presence);
        }
        c.sorted = false;
    }

    void reset() {
        Arrays.fill(counts, 0);
        start = 0;
        length = 0;
    }
}
