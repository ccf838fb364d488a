package dev.corvid.backend;

/**
 * An engine that runs one GGUF model on one token sequence: Corvid itself ({@link CorvidBackend}) or
 * llama.cpp ({@code dev.corvid.backend.llamacpp.LlamaCpp}), so that tests and benchmarks can hold the
 * two side by side. Not thread-safe: one sequence, one caller.
 *
 * <pre>{@code
 * try (InferenceBackend backend = CorvidBackend.load(Path.of("model.gguf"), Precision.FAST, BackendOptions.DEFAULT)) {
 *     int[] prompt = backend.tokenize("Once upon a time", true, false);
 *     float[] rows = backend.evaluate(prompt, true);           // prompt.length x vocabularySize()
 *     backend.reset();
 *     int[] next = backend.generate(prompt, 16, TokenPicker.greedy());
 * }
 * }</pre>
 */
public interface InferenceBackend extends AutoCloseable {

    /** A short engine name for tables and JSON: {@code corvid} or {@code llama.cpp}. */
    String name();

    /** The number of logits per row. */
    int vocabularySize();

    /** The most tokens one {@link #evaluate} call accepts. */
    int batchSize();

    /**
     * Token ids of {@code text}, as {@code llama_tokenize}.
     *
     * @param addSpecial   add BOS / EOS where the vocabulary asks for them
     * @param parseSpecial let text spelling a control token become that token
     */
    int[] tokenize(String text, boolean addSpecial, boolean parseSpecial);

    /**
     * Evaluates {@code tokens} as one batch after the tokens already seen and returns their logits,
     * row-major: one row of {@link #vocabularySize()} per token when {@code allLogits}, else the last
     * token's row only.
     *
     * @throws IllegalArgumentException for no tokens, more than {@link #batchSize()}, an id outside the
     *                                  vocabulary or a batch past the end of the context
     */
    float[] evaluate(int[] tokens, boolean allLogits);

    /** Forgets every token: the next evaluation starts at position 0. */
    void reset();

    /**
     * Starts a fresh sequence with {@code prompt} and returns the {@code count} ids {@code picker}
     * chooses, each evaluated in turn: id 0 comes from the prompt's last row, id {@code i} from the
     * row of id {@code i - 1} (the last id is not evaluated).
     */
    default int[] generate(int[] prompt, int count, TokenPicker picker) {
        reset();
        int[] ids = new int[count];
        float[] logits = count > 0 ? evaluate(prompt, false) : null;
        for (int i = 0; i < count; i++) {
            ids[i] = picker.pick(logits);
            if (i + 1 < count) {
                logits = evaluate(new int[] {ids[i]}, false);
            }
        }
        return ids;
    }

    /** Frees the model and its cache; the backend must not be used afterwards. */
    @Override
    void close();
}
