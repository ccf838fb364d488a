package dev.corvid.sample;

/**
 * llama.cpp's top-p (nucleus): softmax the candidates, sort them, keep the shortest prefix whose
 * probabilities add up to at least p (and at least minKeep tokens). p &gt;= 1 keeps all. Float arithmetic in
 * llama.cpp's order: the softmax sum runs in the candidates' order before sorting.
 */
final class TopP {
    private TopP() {
    }

    static void apply(Candidates c, float p, int minKeep) {
        if (p >= 1.0f) {
            return;
        }
        float max = c.maxLogit();
        float sum = 0.0f;
        for (int i = 0; i < c.size; i++) {
            sum += (float) Math.exp(c.logits[i] - max);
        }
        if (!c.sorted) {
            c.keepTopSorted(c.size);
        }
        float cumulative = 0.0f;
        int keep = c.size;
        for (int i = 0; i < c.size; i++) {
            cumulative += (float) Math.exp(c.logits[i] - max) / sum;
            if (cumulative >= p && i + 1 >= minKeep) {
                keep = i + 1;
                break;
            }
        }
        c.size = keep;
    }
}
