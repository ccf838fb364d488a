package dev.corvid.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The greedy pair merging shared by SentencePiece and BPE, as llama.cpp runs it: start from single
 * code points, repeatedly merge the adjacent pair with the best priority (the leftmost on ties),
 * re-evaluating the new symbol's neighbours, until no adjacent pair can merge. Candidates whose
 * symbols changed since they were queued are skipped.
 */
final class SymbolMerger {

    /** How good it is to merge two adjacent symbols. */
    interface PairPriority {
        /**
         * @return the priority of merging {@code text[start, mid)} with {@code text[mid, end)}, lower
         * merges first; {@code NaN} when the pair cannot merge
         */
        double of(String text, int start, int mid, int end);
    }

    private record Candidate(double priority, int left, int right, int length) {
    }

    private static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingDouble(Candidate::priority).thenComparingInt(Candidate::left);

    private SymbolMerger() {
    }

    /** The symbols {@code text} merges into, in order. */
    static List<String> merge(String text, PairPriority priority) {
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, offset = 0; i < n; i++) {
            start[i] = offset;
            length[i] = Character.charCount(text.codePointAt(offset));
            offset += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }

        PriorityQueue<Candidate> queue = new PriorityQueue<>(Math.max(1, n), BEST_FIRST);
        for (int i = 1; i < n; i++) {
            offer(queue, priority, text, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            int left = c.left();
            int right = c.right();
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != c.length()) {
                continue; // stale: one side was merged elsewhere since this candidate was queued
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            offer(queue, priority, text, start, length, prev[left], left);
            offer(queue, priority, text, start, length, left, next[left]);
        }

        List<String> symbols = new ArrayList<>();
        for (int i = n > 0 ? 0 : -1; i != -1; i = next[i]) {
            symbols.add(text.substring(start[i], start[i] + length[i]));
        }
        return symbols;
    }

    private static void offer(PriorityQueue<Candidate> queue, PairPriority priority, String text,
                              int[] start, int[] length, int left, int right) {
        if (left < 0 || right < 0) {
            return;
        }
        int from = start[left];
        int mid = from + length[left];
        int end = mid + length[right];
        double p = priority.of(text, from, mid, end);
        if (!Double.isNaN(p)) {
            queue.add(new Candidate(p, left, right, end - from));
        }
    }
}
