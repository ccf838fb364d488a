package dev.corvid.backend;

import dev.corvid.sample.Greedy;
import dev.corvid.sample.Sampler;
import dev.corvid.sample.SamplerSettings;

/**
 * Chooses the next token from a row of logits.
 *
 * <pre>{@code
 * int[] ids = backend.generate(prompt, 32, TokenPicker.sampled(SamplerSettings.defaults().withSeed(42)));
 * }</pre>
 */
@FunctionalInterface
public interface TokenPicker {

    /** The chosen id, an index into {@code logits}. */
    int pick(float[] logits);

    /** The highest logit; the lowest index wins ties, as in llama.cpp's greedy goldens. */
    static TokenPicker greedy() {
        return logits -> Greedy.argmax(logits, 0, logits.length);
    }

    /**
     * llama.cpp's sampler chain with {@code settings}: each pick is remembered for the repetition
     * penalties, so one picker serves one sequence.
     */
    static TokenPicker sampled(SamplerSettings settings, int vocabularySize) {
        Sampler sampler = new Sampler(settings, vocabularySize);
        return logits -> {
            int id = sampler.sample(logits, 0, logits.length);
            sampler.accept(id);
            return id;
        };
    }
}
