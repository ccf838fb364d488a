package dev.corvid.cli;

import dev.corvid.generate.GenerationResult;
import dev.corvid.generate.GenerationSettings;
import dev.corvid.generate.LanguageModel;
import dev.corvid.generate.Session;
import dev.corvid.generate.StopReason;
import dev.corvid.template.ChatMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code corvid chat}: a conversation through the model's chat template, one user line per turn. */
@Command(name = "chat",
        description = {"Chat with a model through its chat template: each line you type is a turn.",
                "Works in a terminal and with piped stdin; an empty line or end of input ends it.",
                "Only the new turn is evaluated each time: the session keeps its cache across turns."})
final class ChatCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--system", paramLabel = "TEXT", description = "a system message to start the conversation")
    String system;

    @Option(names = {"-n", "--n-predict"}, paramLabel = "N", description = "most tokens per reply (default: -1, no limit)")
    int maxTokens = -1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean interactive = System.console() != null;
        try (LanguageModel lm = engine.load()) {
            if (!lm.hasChatTemplate()) {
                err.println("corvid chat: " + engine.model.resolve() + " has no chat template; using ChatML");
            }
            Session session = engine.newSession(lm);
            GenerationSettings settings = GenerationSettings.defaults().withMaxTokens(maxTokens)
                    .withSampling(sampling.settings(session.contextLength()));
            List<ChatMessage> conversation = new ArrayList<>();
            if (system != null) {
                conversation.add(new ChatMessage("system", system));
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (true) {
                if (interactive) {
                    out.print("> ");
                    out.flush();
                }
                String line = in.readLine();
                if (line == null || line.isBlank()) {
                    break;
                }
                conversation.add(new ChatMessage("user", line));
                int promptTokens = lm.tokenizer().encode(lm.chatPrompt(conversation), true, true).length;
                if (promptTokens >= session.contextLength()) {
                    err.println("corvid chat: the conversation (" + promptTokens + " tokens) fills the context of "
                            + session.contextLength() + "; start a new one, or give a larger -c");
                    return 1;
                }
                GenerationResult r = session.chat(conversation, settings, piece -> {
                    out.print(piece);
                    out.flush();
                });
                out.println();
                out.flush();
                if (r.stopReason() == StopReason.CONTEXT_FULL) {
                    err.println("corvid chat: the context of " + session.contextLength() + " tokens is full; the reply was cut");
                }
                conversation.add(new ChatMessage("assistant", r.text()));
            }
        }
        return 0;
    }
}
