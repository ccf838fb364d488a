package dev.corvid.cli;

import dev.corvid.backend.InferenceBackend;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * One llama-bench test, each from an empty cache with random token ids: {@code ppN} evaluates an
 * N-token prompt (in batches of the backend's batch size, only the last logits kept), {@code tgN}
 * evaluates N tokens one at a time.
 */
record ThroughputTest(Kind kind, int tokens) {

    enum Kind { PP, TG }

    /** {@code pp512}, {@code tg128}: llama-bench's names. */
    String name() {
        return kind.name().toLowerCase(Locale.ROOT) + tokens;
    }

    /** The ids to evaluate: uniform over the vocabulary, as llama-bench draws them. */
    int[] randomTokens(Random random, int vocabularySize) {
        return random.ints(tokens, 0, vocabularySize).toArray();
    }

    /** Wall-clock seconds {@code backend} takes to evaluate {@code ids} this way after a reset. */
    double seconds(InferenceBackend backend, int[] ids) {
        backend.reset();
        long start = System.nanoTime();
        int step = kind == Kind.PP ? backend.batchSize() : 1;
        for (int from = 0; from < ids.length; from += step) {
            backend.evaluate(Arrays.copyOfRange(ids, from, Math.min(ids.length, from + step)), false);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
