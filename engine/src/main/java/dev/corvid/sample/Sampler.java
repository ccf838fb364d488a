package dev.corvid.sample;

import java.security.SecureRandom;

/**
 * Picks the next token from a logits row with llama.cpp's common sampler chain: penalties, top-k, top-p,
 * min-p, temperature, then a seeded draw (std::mt19937 and libstdc++'s uniform_real_distribution, as llama.cpp
 * draws, so a seed gives llama.cpp's tokens except where equal logits make the sort order differ). Temperature
 * &lt;= 0 picks the highest logit after the penalties, the lowest id winning ties.
 * Not thread-safe; allocation-free per token after construction.
 *
 * <pre>{@code
 * Sampler sampler = new Sampler(SamplerSettings.defaults().withSeed(42), nVocab);
 * for (int t : promptTokens) sampler.accept(t);       // penalties see the prompt, as in llama.cpp's CLI
 * int next = sampler.sample(logits, 0, nVocab);
 * sampler.accept(next);
 * }</pre>
 */
public final class Sampler {
    private final SamplerSettings settings;
    private final int nVocab;
    private final Candidates candidates;
    private final Penalties penalties;
    private final int seed;
    private final Mt19937 rng;

    public Sampler(SamplerSettings settings, int nVocab) {
        if (nVocab <= 0) {
            throw new IllegalArgumentException("nVocab must be > 0: " + nVocab);
        }
        this.settings = settings;
        this.nVocab = nVocab;
        this.candidates = new Candidates(nVocab);
        this.penalties = new Penalties(nVocab, settings.repeatLastN(), settings.repeatPenalty(),
                settings.frequencyPenalty(), settings.presencePenalty());
        this.seed = settings.seed() == SamplerSettings.RANDOM_SEED ? new SecureRandom().nextInt() : settings.seed();
        this.rng = new Mt19937(seed);
    }

    /** The seed in use: the settings' one, or the one drawn for {@link SamplerSettings#RANDOM_SEED}. */
    public int seed() {
        return seed;
    }

    /** Samples from {@code logits[offset, offset + nVocab)}; the array is not modified. */
    public int sample(float[] logits, int offset, int nVocab) {
        if (nVocab != this.nVocab) {
            throw new IllegalArgumentException("row of " + nVocab + " logits, sampler was made for " + this.nVocab);
        }
        Candidates c = candidates;
        c.load(logits, offset, nVocab);
        penalties.apply(c);
        TopK.apply(c, settings.topK());
        TopP.apply(c, settings.topP(), settings.minKeep());
        MinP.apply(c, settings.minP(), settings.minKeep());
        Temperature.apply(c, settings.temperature());
        return DistributionDraw.apply(c, rng);
    }

    /** Records a token of the context (prompt or generated) for the penalties. */
    public void accept(int token) {
        penalties.accept(token);
    }

    /** Forgets the accepted tokens and restarts the random sequence from the seed. */
    public void reset() {
        penalties.reset();
        rng.seed(seed);
    }
}
