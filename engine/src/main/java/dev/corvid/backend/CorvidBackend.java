package dev.corvid.backend;

import dev.corvid.model.InferenceState;
import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.model.ProjectionAdapter;
import dev.corvid.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Corvid's own engine behind {@link InferenceBackend}: {@link Model}, one {@link InferenceState} and
 * the model's {@link Tokenizer}.
 *
 * <pre>{@code
 * try (CorvidBackend corvid = CorvidBackend.load(Path.of("model.gguf"), Precision.FAST, new BackendOptions(0, 512, 2))) {
 *     float[] last = corvid.evaluate(corvid.tokenize("Hello", true, false), false);
 * }
 * }</pre>
 */
public final class CorvidBackend implements InferenceBackend {
    private final Model model;
    private final Tokenizer tokenizer;
    private final InferenceState state;
    private final int batchSize;

    private CorvidBackend(Model model, Tokenizer tokenizer, InferenceState state, int batchSize) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.state = state;
        this.batchSize = batchSize;
    }

    /** Loads {@code path} in {@code precision}, with a cache of {@code options.contextLength()} positions. */
    public static CorvidBackend load(Path path, Precision precision, BackendOptions options) throws IOException {
        Tokenizer tokenizer = Tokenizer.load(path);
        Model model = Model.load(path, precision, options.threads());
        try {
            InferenceState state = options.contextLength() == 0 ? model.newState() : model.newState(options.contextLength());
            return new CorvidBackend(model, tokenizer, state, options.batchSize());
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** The loaded model, e.g. to build adapters for it. */
    public Model model() {
        return model;
    }

    /** Applies {@code adapter} (LoRA corrections) from the next evaluation on; {@link ProjectionAdapter#NONE} removes it. */
    public void setAdapter(ProjectionAdapter adapter) {
        state.setAdapter(adapter);
    }

    @Override
    public String name() {
        return "corvid";
    }

    @Override
    public int vocabularySize() {
        return model.config().vocabularySize();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        return tokenizer.encode(text, addSpecial, parseSpecial);
    }

    @Override
    public float[] evaluate(int[] tokens, boolean allLogits) {
        if (tokens.length > batchSize) {
            throw new IllegalArgumentException(tokens.length + " tokens exceed the batch size " + batchSize);
        }
        return state.evaluate(tokens, allLogits);
    }

    @Override
    public void reset() {
        state.reset();
    }

    @Override
    public void close() {
        model.close();
    }
}
