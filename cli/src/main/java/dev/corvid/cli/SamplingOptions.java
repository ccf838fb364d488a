package dev.corvid.cli;

import dev.corvid.sample.SamplerSettings;
import picocli.CommandLine.Option;

/** llama.cpp's sampling flags, with its defaults. */
final class SamplingOptions {
    private static final SamplerSettings DEFAULTS = SamplerSettings.defaults();

    @Option(names = "--temp", paramLabel = "T", description = "temperature; 0 or less is greedy (default: 0.8)")
    float temperature = DEFAULTS.temperature();

    @Option(names = "--top-k", paramLabel = "K", description = "keep the K most likely tokens; 0 keeps all (default: 40)")
    int topK = DEFAULTS.topK();

    @Option(names = "--top-p", paramLabel = "P", description = "keep the most likely tokens up to probability P; 1 is off (default: 0.95)")
    float topP = DEFAULTS.topP();

    @Option(names = "--min-p", paramLabel = "P", description = "drop tokens less than P times as likely as the best; 0 is off (default: 0.05)")
    float minP = DEFAULTS.minP();

    @Option(names = "--repeat-penalty", paramLabel = "X", description = "penalise repeated tokens; 1 is off (default: 1.0)")
    float repeatPenalty = DEFAULTS.repeatPenalty();

    @Option(names = "--repeat-last-n", paramLabel = "N", description = "how many last tokens count for the penalties; -1: the whole context (default: 64)")
    int repeatLastN = DEFAULTS.repeatLastN();

    @Option(names = "--frequency-penalty", paramLabel = "X", description = "subtract X per repetition (default: 0)")
    float frequencyPenalty = DEFAULTS.frequencyPenalty();

    @Option(names = "--presence-penalty", paramLabel = "X", description = "subtract X from tokens seen at all (default: 0)")
    float presencePenalty = DEFAULTS.presencePenalty();

    @Option(names = "--seed", paramLabel = "N", description = "random seed; the same seed gives the same text (default: random)")
    long seed = Integer.toUnsignedLong(SamplerSettings.RANDOM_SEED);

    /** The settings, for a session of {@code contextSize} tokens. */
    SamplerSettings settings(int contextSize) {
        if (repeatLastN < -1) {
            throw new IllegalArgumentException("--repeat-last-n must be -1 (the whole context) or more: " + repeatLastN);
        }
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("--seed must be a 32-bit unsigned number: " + seed);
        }
        return new SamplerSettings(temperature, topK, topP, minP, DEFAULTS.minKeep(), repeatPenalty,
                repeatLastN == -1 ? contextSize : repeatLastN, frequencyPenalty, presencePenalty, (int) seed);
    }
}
