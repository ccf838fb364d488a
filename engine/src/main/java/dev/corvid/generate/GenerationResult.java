package dev.corvid.generate;

/**
 * What a generation produced: its text, the ids sampled, why it stopped, and how fast it went.
 *
 * @param seed             the sampler's seed: the one given, or the one drawn when none was (to reproduce the text)
 * @param promptTokens     prompt tokens that had to be evaluated (those already in the session's cache are not counted)
 * @param promptNanos      time spent evaluating them
 * @param generationNanos  time spent sampling and evaluating the generated tokens
 */
public record GenerationResult(String text, int[] tokens, StopReason stopReason, int seed, int promptTokens, long promptNanos,
                               long generationNanos) {

    public GenerationResult {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    public double promptTokensPerSecond() {
        return perSecond(promptTokens, promptNanos);
    }

    public double generationTokensPerSecond() {
        return perSecond(tokens.length, generationNanos);
    }

    private static double perSecond(int n, long nanos) {
        return nanos <= 0 ? 0 : n * 1e9 / nanos;
    }
}
