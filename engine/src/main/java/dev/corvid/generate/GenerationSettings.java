package dev.corvid.generate;

import dev.corvid.sample.SamplerSettings;

import java.util.List;

/**
 * How to generate: how many tokens at most, where to stop, how to sample.
 *
 * <pre>{@code
 * GenerationSettings greedy = GenerationSettings.defaults().withMaxTokens(32)
 *         .withSampling(SamplerSettings.defaults().withTemperature(0))
 *         .withStopStrings(List.of("\n\n"));
 * }</pre>
 *
 * @param maxTokens   the most tokens to generate; negative means until the context is full
 * @param stopStrings generation ends when the text contains one of these (it is cut before it)
 * @param ignoreEos   keep going past end-of-generation tokens
 */
public record GenerationSettings(int maxTokens, List<String> stopStrings, SamplerSettings sampling,
                                 boolean ignoreEos) {

    public GenerationSettings {
        stopStrings = List.copyOf(stopStrings);
    }

    /** llama.cpp's defaults: no token limit, no stop string, its default sampler chain. */
    public static GenerationSettings defaults() {
        return new GenerationSettings(-1, List.of(), SamplerSettings.defaults(), false);
    }

    public GenerationSettings withMaxTokens(int n) {
        return new GenerationSettings(n, stopStrings, sampling, ignoreEos);
    }

    public GenerationSettings withStopStrings(List<String> stops) {
        return new GenerationSettings(maxTokens, stops, sampling, ignoreEos);
    }

    public GenerationSettings withSampling(SamplerSettings s) {
        return new GenerationSettings(maxTokens, stopStrings, s, ignoreEos);
    }

    public GenerationSettings withIgnoreEos(boolean ignore) {
        return new GenerationSettings(maxTokens, stopStrings, sampling, ignore);
    }
}
