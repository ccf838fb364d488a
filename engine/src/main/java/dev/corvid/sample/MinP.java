package dev.corvid.sample;

/**
 * llama.cpp's min-p: drop tokens whose probability is below p times the top token's, i.e. whose logit is
 * below {@code max + ln p}. Unsorted candidates keep their order. p &lt;= 0 keeps all.
 */
final class MinP {
    private MinP() {
    }

    static void apply(Candidates c, float p, int minKeep) {
        if (p <= 0.0f || c.size == 0) {
            return;
        }
        float lnP = (float) Math.log(p);
        if (!c.sorted && filterInOrder(c, c.maxLogit() + lnP, minKeep)) {
            return;
        }
        if (!c.sorted) {
            c.keepTopSorted(c.size);
        }
        float minLogit = c.logits[0] + lnP;
        int i = 1; // the top token always stays
        while (i < c.size && !(c.logits[i] < minLogit && i >= minKeep)) {
            i++;
        }
        c.size = i;
    }

    /** Keeps the tokens at or above minLogit in place, unless fewer than minKeep would stay. */
    private static boolean filterInOrder(Candidates c, float minLogit, int minKeep) {
        int kept = 0;
        for (int i = 0; i < c.size; i++) {
            if (c.logits[i] >= minLogit) {
                kept++;
            }
        }
        if (kept == 0 || kept < minKeep) {
            return false;
        }
        int to = 0;
        for (int i = 0; i < c.size; i++) {
            if (c.logits[i] >= minLogit) {
                c.ids[to] = c.ids[i];
                c.logits[to] = c.logits[i];
                to++;
            }
        }
        c.size = to;
        return true;
    }
}
