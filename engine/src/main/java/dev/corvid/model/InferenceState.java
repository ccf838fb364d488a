package dev.corvid.model;

import java.util.Objects;

/**
 * One conversation with a {@link Model}: its key/value cache and the next position. Each call to
 * {@link #evaluate} appends tokens after those already seen. Not thread-safe: use one state per
 * thread (states of one model may run concurrently).
 *
 * <pre>{@code
 * InferenceState state = model.newState();
 * float[] last = state.evaluate(promptTokens, false);       // n_vocab logits of the last token
 * float[] next = state.evaluate(new int[] {argmax(last)}, false);
 * }</pre>
 */
public final class InferenceState {
    private final Model model;
    private final KvCache cache;
    private final Workspace workspace;
    private int position;
    private ProjectionAdapter adapter = ProjectionAdapter.NONE;

    InferenceState(Model model, KvCache cache, Workspace workspace) {
        this.model = model;
        this.cache = cache;
        this.workspace = workspace;
    }

    /**
     * Evaluates {@code tokens} as one batch at positions {@link #position()} onwards and returns their
     * logits, row-major: {@code tokens.length} rows of {@code vocabularySize} when {@code allLogits},
     * else the last token's row only.
     *
     * @throws IllegalArgumentException if {@code tokens} is empty, holds an id outside the vocabulary,
     *                                  or would run past {@link #contextLength()}; the state is then unchanged
     */
    public float[] evaluate(int[] tokens, boolean allLogits) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to evaluate");
        }
        if (tokens.length > cache.capacity() - position) {
            throw new IllegalArgumentException(tokens.length + " tokens at position " + position
                    + " overflow the context of " + cache.capacity());
        }
        float[] logits = model.transformer().forward(tokens, position, cache, allLogits, adapter, workspace);
        position += tokens.length;
        return logits;
    }

    /**
     * Makes later evaluations add {@code adapter}'s corrections (a LoRA) to the model's projections,
     * until another is set; {@link ProjectionAdapter#NONE} runs the bare model. The keys and values
     * already cached stay as computed: {@link #reset()} to evaluate everything with the new adapter.
     */
    public void setAdapter(ProjectionAdapter adapter) {
        this.adapter = Objects.requireNonNull(adapter, "adapter (use ProjectionAdapter.NONE for none)");
    }

    /** The adapter evaluations use; {@link ProjectionAdapter#NONE} unless set. */
    public ProjectionAdapter adapter() {
        return adapter;
    }

    /** The position the next token will take: the number of tokens evaluated since the last reset. */
    public int position() {
        return position;
    }

    /** The most positions this state can hold. */
    public int contextLength() {
        return cache.capacity();
    }

    /**
     * Forgets the tokens at {@code position} and after, keeping those before: a conversation that
     * shares a prefix with what was evaluated resumes from there instead of starting over.
     */
    public void rewind(int position) {
        if (position < 0 || position > this.position) {
            throw new IllegalArgumentException("cannot rewind to " + position + " from " + this.position);
        }
        this.position = position;
    }

    /** Forgets every token: the next evaluation starts at position 0. */
    public void reset() {
        position = 0;
    }
}
