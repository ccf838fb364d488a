package dev.corvid.cli;

import dev.corvid.generate.LanguageModel;
import dev.corvid.generate.Session;
import dev.corvid.lora.LoraStack;
import dev.corvid.lora.ScaledLora;
import dev.corvid.model.ProjectionAdapter;
import dev.corvid.model.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.List;

/** Which model to load and how: the options every inference command shares. */
final class EngineOptions {
    @Mixin
    ModelOption model;

    @Mixin
    LoraOptions lora;

    @Option(names = "--precise", description = "compute in float32 on dequantized weights (slow; the reference)")
    boolean precise;

    @Option(names = {"-c", "--ctx-size"}, paramLabel = "N",
            description = "context size in tokens (default: the model's, at most " + LanguageModel.DEFAULT_CONTEXT + ")")
    Integer contextSize;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "threads to compute with (default: one per core)")
    Integer threads;

    LanguageModel load() throws IOException {
        Precision precision = precise ? Precision.PRECISE : Precision.FAST;
        return threads == null ? LanguageModel.load(model.resolve(), precision)
                : LanguageModel.load(model.resolve(), precision, threads);
    }

    /** A session of {@code lm} with the context size asked for and the LoRA adapters attached. */
    Session newSession(LanguageModel lm) throws IOException {
        Session session = lm.newSession(contextSize(lm));
        session.setAdapter(adapter(lm));
        return session;
    }

    /** The LoRA adapters on {@code lm}'s model, or none. */
    ProjectionAdapter adapter(LanguageModel lm) throws IOException {
        List<ScaledLora> loras = lora.load();
        return loras.isEmpty() ? ProjectionAdapter.NONE : LoraStack.of(lm.model(), loras);
    }

    int contextSize(LanguageModel lm) {
        return contextSize != null ? contextSize
                : Math.min(LanguageModel.DEFAULT_CONTEXT, lm.model().config().contextLength());
    }
}
