package dev.corvid.sample;

/**
 * llama.cpp's temperature: logits divided by t. At t &lt;= 0 only the first highest logit keeps its value
 * and the others become -infinity, so the draw that follows is greedy.
 */
final class Temperature {
    private Temperature() {
    }

    static void apply(Candidates c, float t) {
        if (c.size == 0) {
            return;
        }
        if (t > 0) {
            for (int i = 0; i < c.size; i++) {
                c.logits[i] /= t;
            }
            return;
        }
        int best = 0;
        for (int i = 1; i < c.size; i++) {
            if (c.logits[i] > c.logits[best]) {
                c.logits[best] = Float.NEGATIVE_INFINITY;
                best = i;
            } else {
                c.logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }
}
