package dev.corvid.generate;

import dev.corvid.sample.Sampler;
import dev.corvid.tokenizer.StreamingDecoder;
import dev.corvid.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A generation in progress, as an iterator over pieces of text. Each {@link #next()} samples and
 * evaluates one token; pieces may be empty while a UTF-8 character or a possible stop string is
 * incomplete. {@link #result()} tells what was generated once {@link #hasNext()} is false.
 */
public final class TokenStream implements Iterator<String> {
    private final Session session;
    private final int[] prompt;
    private final GenerationSettings settings;
    private final Tokenizer tokenizer;
    private final Sampler sampler;
    private final StreamingDecoder decoder;
    private final StopStrings stops;
    private final StringBuilder text = new StringBuilder();
    private int[] generated = new int[32];
    private int count;
    private float[] logits;
    private int promptEvaluated;
    private long promptNanos;
    private long generationNanos;
    private StopReason stopReason;
    private String tail;

    TokenStream(Session session, int[] prompt, GenerationSettings settings) {
        this.session = session;
        this.prompt = prompt.clone();
        this.settings = settings;
        this.tokenizer = session.languageModel().tokenizer();
        this.sampler = new Sampler(settings.sampling(), tokenizer.vocabSize());
        this.decoder = tokenizer.newStreamingDecoder(false);
        this.stops = new StopStrings(settings.stopStrings());
    }

    @Override
    public boolean hasNext() {
        if (logits == null && stopReason == null) {
            startPrompt();
        }
        if (stopReason == null && session.cancelRequested()) {
            stopReason = StopReason.CANCELLED;
        }
        if (stopReason == null) {
            return true;
        }
        if (tail == null) {
            tail = stops.stopped() ? "" : stops.accept(decoder.flush()) + stops.flush();
        }
        return !tail.isEmpty();
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (stopReason != null) {
            String t = tail;
            tail = "";
            text.append(t);
            return t;
        }
        long start = System.nanoTime();
        String piece = step();
        generationNanos += System.nanoTime() - start;
        text.append(piece);
        return piece;
    }

    /** The outcome; only once the stream is exhausted. */
    public GenerationResult result() {
        if (hasNext()) {
            throw new IllegalStateException("the generation is still running");
        }
        return new GenerationResult(text.toString(), Arrays.copyOf(generated, count), stopReason, sampler.seed(), promptEvaluated,
                promptNanos, generationNanos);
    }

    private void startPrompt() {
        long start = System.nanoTime();
        for (int id : prompt) {
            sampler.accept(id); // llama.cpp's penalties see the prompt too
        }
        int[] evaluated = new int[1];
        if (prompt.length > session.contextLength()) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens; the context holds "
                    + session.contextLength());
        }
        logits = session.evaluatePrompt(prompt, evaluated);
        promptEvaluated = evaluated[0];
        promptNanos = System.nanoTime() - start;
        checkLimits();
    }

    private String step() {
        int id = sampler.sample(logits, 0, tokenizer.vocabSize());
        sampler.accept(id);
        if (!settings.ignoreEos() && tokenizer.isEog(id)) {
            stopReason = StopReason.END_OF_GENERATION;
            return "";
        }
        if (count == generated.length) {
            generated = Arrays.copyOf(generated, count * 2);
        }
        generated[count++] = id;
        String shown = stops.accept(decoder.accept(id));
        if (stops.stopped()) {
            stopReason = StopReason.STOP_STRING;
            return shown;
        }
        checkLimits();
        if (stopReason == null) {
            logits = session.evaluate(new int[] {id});
        }
        return shown;
    }

    private void checkLimits() {
        if (settings.maxTokens() >= 0 && count >= settings.maxTokens()) {
            stopReason = StopReason.MAX_TOKENS;
        } else if (session.remainingContext() == 0) {
            stopReason = StopReason.CONTEXT_FULL;
        }
    }
}
