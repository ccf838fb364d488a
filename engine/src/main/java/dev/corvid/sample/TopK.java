package dev.corvid.sample;

/** llama.cpp's top-k: keep the k highest logits, leaving the candidates sorted; k &lt;= 0 keeps all. */
final class TopK {
    private TopK() {
    }

    static void apply(Candidates c, int k) {
        if (k <= 0) {
            return;
        }
        k = Math.min(k, c.size);
        if (!c.sorted) {
            c.keepTopSorted(k);
        }
        c.size = k;
    }
}
