package dev.corvid.cli;

import dev.corvid.generate.LanguageModel;
import dev.corvid.model.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/** Which model to load and how: the options every inference command shares. */
final class EngineOptions {
    @Mixin
    ModelOption model;

    @Option(names = "--precise", description = "compute in float32 on dequantized weights (slow; the reference)")
    boolean precise;

    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N",
            description = "context size in tokens (default: the model's, at most " + LanguageModel.DEFAULT_CONTEXT + ")")
    Integer contextSize;

    LanguageModel load() throws IOException {
        return LanguageModel.load(model.resolve(), precise ? Precision.PRECISE : Precision.FAST);
    }

    int contextSize(LanguageModel lm) {
        return contextSize != null ? contextSize
                : Math.min(LanguageModel.DEFAULT_CONTEXT, lm.model().config().contextLength());
    }
}
