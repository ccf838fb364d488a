package dev.corvid.generate;

import dev.corvid.model.InferenceState;
import dev.corvid.model.ProjectionAdapter;

import dev.corvid.template.ChatMessage;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One conversation with a {@link LanguageModel}: its KV cache and the tokens in it. A later prompt
 * that begins with the tokens already evaluated (the next turn of a chat) evaluates only what is
 * new. Not thread-safe: one session per thread; {@link #cancel()} may be called from any thread.
 *
 * <pre>{@code
 * Session s = lm.newSession();
 * GenerationResult r = s.generate("Once upon a time", GenerationSettings.defaults().withMaxTokens(50),
 *         System.out::print);
 * for (TokenStream t = s.stream(s.tokenize("The end"), settings); t.hasNext(); ) System.out.print(t.next());
 * }</pre>
 */
public final class Session {
    private final LanguageModel lm;
    private final InferenceState state;
    private int[] cached = new int[64];
    private volatile boolean cancelRequested;

    Session(LanguageModel lm, InferenceState state) {
        this.lm = lm;
        this.state = state;
    }

    public LanguageModel languageModel() {
        return lm;
    }

    /** {@code text} as the model's prompt: special tokens added as the model wants (BOS), special text not parsed. */
    public int[] tokenize(String text) {
        return lm.tokenizer().encode(text, true, false);
    }

    /** Generates a continuation of {@code prompt}, passing each piece of text to {@code onText} as it comes. */
    public GenerationResult generate(String prompt, GenerationSettings settings, Consumer<String> onText) {
        return generate(tokenize(prompt), settings, onText);
    }

    public GenerationResult generate(int[] prompt, GenerationSettings settings, Consumer<String> onText) {
        TokenStream stream = stream(prompt, settings);
        while (stream.hasNext()) {
            onText.accept(stream.next());
        }
        return stream.result();
    }

    /**
     * Answers the last message of {@code conversation}, rendered with the model's chat template.
     * The reply is not added to {@code conversation}: append it before the next turn, whose prompt
     * then shares its beginning with what the cache holds, so only the new turn is evaluated.
     */
    public GenerationResult chat(List<ChatMessage> conversation, GenerationSettings settings,
                                 Consumer<String> onText) {
        return generate(lm.tokenizer().encode(lm.chatPrompt(conversation), true, true), settings, onText);
    }

    /** A generation to pull text from, piece by piece; the prompt is evaluated on the first {@code hasNext}. */
    public TokenStream stream(int[] prompt, GenerationSettings settings) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        cancelRequested = false;
        return new TokenStream(this, prompt, settings);
    }

    /** Asks the running generation to stop after the current token. */
    public void cancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * Makes the cache hold {@code prompt} and returns the logits of its last token, evaluating only
     * the tokens after the prefix it shares with what the cache holds.
     */
    float[] evaluatePrompt(int[] prompt, int[] evaluatedCount) {
        int keep = commonPrefix(prompt);
        if (keep == prompt.length) {
            keep--; // the last prompt token must be evaluated again to get its logits
        }
        state.rewind(keep);
        int[] rest = Arrays.copyOfRange(prompt, keep, prompt.length);
        evaluatedCount[0] = rest.length;
        return evaluate(rest);
    }

    /** Evaluates {@code tokens} after those in the cache; returns the last one's logits. */
    float[] evaluate(int[] tokens) {
        int start = state.position();
        float[] logits = state.evaluate(tokens, false);
        if (cached.length < start + tokens.length) {
            cached = Arrays.copyOf(cached, Math.max(cached.length * 2, start + tokens.length));
        }
        System.arraycopy(tokens, 0, cached, start, tokens.length);
        return logits;
    }

    /**
     * Generates with {@code adapter} (e.g. a {@code dev.corvid.lora.LoraStack}) added to the model's
     * projections from now on; {@link ProjectionAdapter#NONE} for the bare model. Empties the cache, whose
     * keys and values the previous adapter shaped. Sessions of one model may each use their own.
     */
    public void setAdapter(ProjectionAdapter adapter) {
        state.setAdapter(adapter);
        reset();
    }

    /** The most tokens the cache holds. */
    public int contextLength() {
        return state.contextLength();
    }

    /** Positions left in the context. */
    int remainingContext() {
        return state.contextLength() - state.position();
    }

    /** The tokens the cache holds, oldest first. */
    public int[] cachedTokens() {
        return Arrays.copyOf(cached, state.position());
    }

    /** Empties the cache. */
    public void reset() {
        state.reset();
    }

    private int commonPrefix(int[] prompt) {
        int n = Math.min(prompt.length, state.position());
        int i = 0;
        while (i < n && cached[i] == prompt[i]) {
            i++;
        }
        return i;
    }
}
