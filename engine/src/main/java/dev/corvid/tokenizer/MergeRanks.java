package dev.corvid.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * The rank of each BPE merge rule ({@code tokenizer.ggml.merges}: "left right", earlier = merged
 * first). A rule is keyed by its own text, so a lookup only joins the two symbols with a space;
 * symbols never contain a space in byte-level BPE. A repeated rule keeps its first rank.
 */
final class MergeRanks {
    private final Map<String, Integer> ranks;

    MergeRanks(String[] rules) {
        ranks = HashMap.newHashMap(rules.length);
        for (int rank = 0; rank < rules.length; rank++) {
            String rule = rules[rank];
            // llama.cpp splits at the first space after the first character; without one the rule is empty.
            String key = rule.indexOf(' ', 1) >= 0 ? rule : " ";
            ranks.putIfAbsent(key, rank);
        }
    }

    /** The rank of merging {@code left} and {@code right}, or -1 when no rule does. */
    int rank(String left, String right) {
        Integer rank = ranks.get(left + ' ' + right);
        return rank == null ? -1 : rank;
    }
}
