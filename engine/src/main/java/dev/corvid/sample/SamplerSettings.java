package dev.corvid.sample;

/**
 * How to pick the next token; the defaults are llama.cpp's common sampling parameters
 * ({@code common/common.h}). Temperature &lt;= 0 means greedy.
 *
 * <pre>{@code
 * SamplerSettings settings = SamplerSettings.defaults().withTemperature(0.7f).withSeed(42);
 * }</pre>
 *
 * @param temperature      logits are divided by it; &lt;= 0 keeps only the most likely token
 * @param topK             keep the k most likely tokens; &lt;= 0 keeps all
 * @param topP             keep the most likely tokens whose probabilities add up to at least this; 1 keeps all
 * @param minP             drop tokens less likely than this times the most likely one; 0 keeps all
 * @param minKeep          top-p and min-p keep at least this many tokens (0: no minimum)
 * @param repeatPenalty    a repeated token's positive logit is divided by it, a negative one multiplied; 1 is off
 * @param repeatLastN      how many of the last accepted tokens count as repeated; 0 turns all penalties off
 * @param frequencyPenalty subtracted from a repeated token's logit once per occurrence; 0 is off
 * @param presencePenalty  subtracted from a repeated token's logit once; 0 is off
 * @param seed             llama.cpp's 32-bit seed; {@link #RANDOM_SEED} picks a fresh one
 */
public record SamplerSettings(float temperature, int topK, float topP, float minP, int minKeep,
        float repeatPenalty, int repeatLastN, float frequencyPenalty, float presencePenalty, int seed) {

    /** llama.cpp's {@code LLAMA_DEFAULT_SEED} (0xFFFFFFFF): seed from the system's randomness. */
    public static final int RANDOM_SEED = 0xFFFFFFFF;

    public SamplerSettings {
        if (!(repeatPenalty > 0) || Float.isInfinite(repeatPenalty)) {
            throw new IllegalArgumentException("repeatPenalty must be finite and > 0: " + repeatPenalty);
        }
        if (!Float.isFinite(frequencyPenalty) || !Float.isFinite(presencePenalty)) {
            throw new IllegalArgumentException("frequency and presence penalties must be finite");
        }
        if (minKeep < 0) {
            throw new IllegalArgumentException("minKeep must be >= 0: " + minKeep);
        }
    }

    /** temp 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties over the last 64 tokens, random seed. */
    public static SamplerSettings defaults() {
        return new SamplerSettings(0.8f, 40, 0.95f, 0.05f, 0, 1.0f, 64, 0.0f, 0.0f, RANDOM_SEED);
    }

    public SamplerSettings withTemperature(float t) {
        return new SamplerSettings(t, topK, topP, minP, minKeep, repeatPenalty, repeatLastN, frequencyPenalty,
                presencePenalty, seed);
    }

    public SamplerSettings withTopK(int k) {
        return new SamplerSettings(temperature, k, topP, minP, minKeep, repeatPenalty, repeatLastN, frequencyPenalty,
                presencePenalty, seed);
    }

    public SamplerSettings withTopP(float p) {
        return new SamplerSettings(temperature, topK, p, minP, minKeep, repeatPenalty, repeatLastN, frequencyPenalty,
                presencePenalty, seed);
    }

    public SamplerSettings withMinP(float p) {
        return new SamplerSettings(temperature, topK, topP, p, minKeep, repeatPenalty, repeatLastN, frequencyPenalty,
                presencePenalty, seed);
    }

    public SamplerSettings withPenalties(float repeat, int lastN, float frequency, float presence) {
        return new SamplerSettings(temperature, topK, topP, minP, minKeep, repeat, lastN, frequency, presence, seed);
    }

    public SamplerSettings withSeed(int s) {
        return new SamplerSettings(temperature, topK, topP, minP, minKeep, repeatPenalty, repeatLastN,
                frequencyPenalty, presencePenalty, s);
    }
}
