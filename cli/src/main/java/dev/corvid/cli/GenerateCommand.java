package dev.corvid.cli;

import dev.corvid.generate.GenerationResult;
import dev.corvid.generate.GenerationSettings;
import dev.corvid.generate.LanguageModel;
import dev.corvid.generate.Session;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code corvid generate}: continues a prompt, streaming the text to stdout. */
@Command(name = "generate",
        description = {"Continue a prompt, streaming the text to stdout; speeds go to stderr.",
                "Without -m, uses $CORVID_MODEL, else the bundled stories260K model."})
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptOptions prompt;

    @Mixin
    SamplingOptions sampling;

    @Option(names = {"-n", "--n-predict"}, paramLabel = "N", description = "tokens to generate; -1 until the context is full or the model ends (default: -1)")
    int maxTokens = -1;

    @Option(names = "--ignore-eos", description = "keep generating past end-of-generation tokens")
    boolean ignoreEos;

    @Option(names = "--stop", paramLabel = "TEXT", description = "stop when the text contains TEXT (repeatable)")
    List<String> stops = List.of();

    @Option(names = "--parse-special", description = "turn text that spells a special token into it")
    boolean parseSpecial;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text = prompt.read();
        try (LanguageModel lm = engine.load()) {
            Session session = engine.newSession(lm);
            int[] ids = lm.tokenizer().encode(text, true, parseSpecial);
            GenerationSettings settings = new GenerationSettings(maxTokens, stops,
                    sampling.settings(session.contextLength()), ignoreEos);
            out.print(text);
            out.flush();
            GenerationResult r = session.generate(ids, settings, piece -> {
                out.print(piece);
                out.flush();
            });
            out.println();
            out.flush();
            err.printf("prompt: %d tokens, %.1f tokens/s; generation: %d tokens, %.1f tokens/s; stopped: %s; seed %d%n",
                    r.promptTokens(), r.promptTokensPerSecond(), r.tokens().length, r.generationTokensPerSecond(),
                    r.stopReason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    Integer.toUnsignedLong(r.seed()));
        }
        return 0;
    }
}
