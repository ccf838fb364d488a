package dev.corvid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.tokenizer.Tokenizer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code corvid tokenize}: llama.cpp's token ids for a text, or for JSON lines on stdin. */
@Command(name = "tokenize",
        description = {"Print the token ids of a text, as llama.cpp's llama_tokenize gives them.",
                "A vocab-only GGUF is a valid model."})
final class TokenizeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOption model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @ArgGroup(exclusive = true, multiplicity = "1")
        PromptOptions prompt;

        @Option(names = "--batch", required = true,
                description = "read JSON lines {\"text\", \"parse_special\", \"add_special\"} on stdin; "
                        + "write one {\"ids\": [...]} line each")
        boolean batch;
    }

    @Option(names = "--parse-special", description = "turn text that spells a special token (e.g. <|im_start|>) into it")
    boolean parseSpecial;

    @Option(names = "--no-bos", description = "do not add the special tokens (BOS) the model asks for")
    boolean noBos;

    @Option(names = "--ids", description = "print only [id, id, ...] (default: one 'id -> piece' line per token)")
    boolean idsOnly;

    @Override
    public Integer call() throws Exception {
        Tokenizer tokenizer = Tokenizer.load(model.resolve());
        PrintWriter out = spec.commandLine().getOut();
        if (input.batch) {
            runBatch(tokenizer, out);
            return 0;
        }
        int[] ids = tokenizer.encode(input.prompt.read(), !noBos, parseSpecial);
        if (idsOnly) {
            out.println(Arrays.toString(ids));
        } else {
            for (int id : ids) {
                out.printf("%6d -> '%s'%n", id, new String(tokenizer.piece(id, true), StandardCharsets.UTF_8));
            }
        }
        out.flush();
        return 0;
    }

    private static void runBatch(Tokenizer tokenizer, PrintWriter out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode request = json.readTree(line);
            JsonNode text = request.get("text");
            if (text == null || !text.isTextual()) {
                throw new IllegalArgumentException("stdin line " + lineNumber + ": no \"text\" string");
            }
            int[] ids = tokenizer.encode(text.asText(), request.path("add_special").asBoolean(true),
                    request.path("parse_special").asBoolean(false));
            out.println(json.writeValueAsString(Map.of("ids", ids)));
            out.flush();
        }
    }
}
