package dev.corvid.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufValueType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model's chat template ({@code tokenizer.chat_template}), rendered as Hugging Face's
 * {@code apply_chat_template} renders it with Python Jinja2. The template sees {@code messages},
 * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token} and, only when given, {@code tools}.
 * Message text is data, never template: a message "{{ 7*7 }}" stays "{{ 7*7 }}".
 *
 * <pre>{@code
 * try (GgufFile gguf = GgufFile.open(path)) {
 *     ChatTemplate template = ChatTemplate.fromGguf(gguf.metadata()).orElseThrow();
 *     String prompt = template.render(List.of(
 *             new ChatMessage("system", "Be brief."),
 *             new ChatMessage("user", "Hi!")), true);
 * }
 * }</pre>
 *
 * Instances are immutable; rendering fails with a {@link ChatTemplateException} naming the template line.
 */
public final class ChatTemplate {
    private static final String TEMPLATE_KEY = "tokenizer.chat_template";
    private static final String TOKENS_KEY = "tokenizer.ggml.tokens";
    private static final Pattern NEWLINE = Pattern.compile("\r\n|\r|\n");

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinjava = SandboxedJinjava.create();
    /** {@link #source} with trim_blocks applied: what Jinjava renders. */
    private final String trimmedSource;

    private ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = jinja2Source(Objects.requireNonNull(source, "source"));
        this.trimmedSource = TrimBlocks.apply(this.source, jinjava.getGlobalConfig());
        this.bosToken = Objects.requireNonNull(bosToken, "bosToken");
        this.eosToken = Objects.requireNonNull(eosToken, "eosToken");
    }

    /** A template given as text, with the texts of the model's BOS and EOS tokens ("" when it has none). */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(source, bosToken, eosToken);
    }

    /**
     * The template of a GGUF file, with its BOS/EOS token texts from {@code tokenizer.ggml.tokens};
     * empty when the file has no {@code tokenizer.chat_template}.
     */
    public static Optional<ChatTemplate> fromGguf(GgufMetadata metadata) {
        return metadata.findString(TEMPLATE_KEY).map(source -> {
            String[] tokens = metadata.contains(TOKENS_KEY) ? metadata.getArray(TOKENS_KEY, GgufValueType.STRING).strings() : new String[0];
            return new ChatTemplate(source, tokenText(metadata, tokens, "tokenizer.ggml.bos_token_id"),
                    tokenText(metadata, tokens, "tokenizer.ggml.eos_token_id"));
        });
    }

    /** The template text, as Jinja2 reads it (newlines normalised, one trailing newline dropped). */
    public String source() {
        return source;
    }

    /** Renders {@code messages} without tools. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, null, addGenerationPrompt);
    }

    /**
     * Renders {@code messages}; {@code tools} (JSON-like maps of lists, strings, numbers, booleans, nulls,
     * as in the OpenAI tools format) is passed to the template only when not null.
     */
    public String render(List<ChatMessage> messages, List<? extends Map<String, ?>> tools,
            boolean addGenerationPrompt) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", asMaps(messages));
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", bosToken);
        bindings.put("eos_token", eosToken);
        if (tools != null) {
            bindings.put("tools", new ArrayList<>(tools));
        }
        RenderResult result = RenderBudget.limit(() -> jinjava.renderForResult(trimmedSource, bindings));
        failOnFatalErrors(result.getErrors());
        return result.getOutput();
    }

    private static List<Map<String, Object>> asMaps(List<ChatMessage> messages) {
        List<Map<String, Object>> maps = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            maps.add(map);
        }
        return maps;
    }

    private static void failOnFatalErrors(List<TemplateError> errors) {
        List<TemplateError> fatal = errors.stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .toList();
        if (fatal.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(describe(fatal.getFirst()));
        for (TemplateError more : fatal.subList(1, fatal.size())) {
            message.append("\n  also at line ").append(more.getLineno()).append(": ").append(describe(more));
        }
        throw new ChatTemplateException(fatal.getFirst().getLineno(), message.toString());
    }

    /** A raise_exception call reports the template's own words; anything else Jinjava's message. */
    private static String describe(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof RaiseExceptionFunction.TemplateRaisedException raised) {
                return "raise_exception: " + raised.getMessage();
            }
        }
        return error.getMessage();
    }

    /** Jinja2 reads any newline as "\n" and drops one newline at the very end of the template. */
    private static String jinja2Source(String source) {
        String normalised = NEWLINE.matcher(source).replaceAll("\n");
        return normalised.endsWith("\n") ? normalised.substring(0, normalised.length() - 1) : normalised;
    }

    /** The text of the token whose id is at {@code idKey}; "" when the model has no such token. */
    private static String tokenText(GgufMetadata metadata, String[] tokens, String idKey) {
        int id = metadata.getInt(idKey, -1);
        return id >= 0 && id < tokens.length ? tokens[id] : "";
    }
}
