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

    @Option(names = "--repeat-last-n", paramLabel = "N", description = "how many last tokens count for the penalties (default: 64)")
    int repeatLastN = DEFAULTS.repeatLastN();

    @Option(names = "--frequency-penalty", paramLabel = "X", description = "subtract X per repetition (default: 0)")
    float frequencyPenalty = DEFAULTS.frequencyPenalty();

    @Option(names = "--presence-penalty", paramLabel = "X", description = "subtract X from tokens seen at all (default: 0)")
    float presencePenalty = DEFAULTS.presencePenalty();

    @Option(names = "--seed", paramLabel = "N", description = "random seed; the same seed gives the same text (default: random)")
    long seed = Integer.toUnsignedLong(SamplerSettings.RANDOM_SEED);

    SamplerSettings settings() {
        return new SamplerSettings(temperature, topK, topP, minP, DEFAULTS.minKeep(), repeatPenalty, repeatLastN,
                frequencyPenalty, presencePenalty, (int) seed);
    }
}
