package dev.corvid.generate;

import dev.corvid.model.Model;
import dev.corvid.model.Precision;
import dev.corvid.template.ChatMessage;
import dev.corvid.template.ChatTemplate;
import dev.corvid.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model with its tokenizer: what an application loads to turn text into text. Thread-safe: share
 * one instance and give each thread its own {@link Session}.
 *
 * <pre>{@code
 * try (LanguageModel lm = LanguageModel.load(Path.of("qwen2.5-0.5b-instruct.Q4_K_M.gguf"))) {
 *     Session session = lm.newSession();
 *     String story = session.generate("Once upon a time", GenerationSettings.defaults().withMaxTokens(64),
 *             piece -> System.out.print(piece)).text();
 * }
 * }</pre>
 */
public final class LanguageModel implements AutoCloseable {
    /** Context positions a session holds unless asked for another size (llama.cpp's default). */
    public static final int DEFAULT_CONTEXT = Model.DEFAULT_CONTEXT;

    /**
     * ChatML, which llama.cpp also falls back to when a model carries no template of its own.
     */
    static final String FALLBACK_TEMPLATE = """
            {%- for message in messages -%}
            {{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}
            {%- endfor -%}
            {%- if add_generation_prompt -%}{{ '<|im_start|>assistant\\n' }}{%- endif -%}
            """;

    private final Model model;
    private final Tokenizer tokenizer;
    private ChatTemplate chatTemplate;

    private LanguageModel(Model model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads {@code gguf} with the fast kernels. */
    public static LanguageModel load(Path gguf) throws IOException {
        return load(gguf, Precision.FAST);
    }

    public static LanguageModel load(Path gguf, Precision precision) throws IOException {
        return wrap(Model.load(gguf, precision));
    }

    /** As {@link #load(Path, Precision)}, computing on {@code threads} threads of its own. */
    public static LanguageModel load(Path gguf, Precision precision, int threads) throws IOException {
        return wrap(Model.load(gguf, precision, threads));
    }

    private static LanguageModel wrap(Model model) {
        try {
            return new LanguageModel(model, Tokenizer.fromGguf(model.metadata()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public Model model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The model's chat template, or ChatML when it has none (as llama.cpp). Built on first use. */
    public synchronized ChatTemplate chatTemplate() {
        if (chatTemplate == null) {
            chatTemplate = ChatTemplate.fromGguf(model.metadata())
                    .orElseGet(() -> ChatTemplate.of(FALLBACK_TEMPLATE, "", ""));
        }
        return chatTemplate;
    }

    /**
     * {@code conversation} rendered with the chat template for the model to answer, less a BOS at its
     * start and an EOS at its end when tokenizing adds them anyway (as llama.cpp strips them, so that a
     * template that writes {@code bos_token} itself does not give two).
     */
    public String chatPrompt(List<ChatMessage> conversation) {
        return withoutAddedSpecials(chatTemplate().render(conversation, true), tokenizer);
    }

    static String withoutAddedSpecials(String text, Tokenizer tokenizer) {
        if (tokenizer.addsBos() && tokenizer.bos() >= 0) {
            String bos = tokenizer.tokenText(tokenizer.bos());
            if (!bos.isEmpty() && text.startsWith(bos)) {
                text = text.substring(bos.length());
            }
        }
        if (tokenizer.addsEos() && tokenizer.eos() >= 0) {
            String eos = tokenizer.tokenText(tokenizer.eos());
            if (!eos.isEmpty() && text.endsWith(eos)) {
                text = text.substring(0, text.length() - eos.length());
            }
        }
        return text;
    }

    /** Whether the file carries its own chat template. */
    public boolean hasChatTemplate() {
        return model.metadata().contains("tokenizer.chat_template");
    }

    /** A session holding {@code min(DEFAULT_CONTEXT, the model's context length)} positions. */
    public Session newSession() {
        return newSession(Math.min(DEFAULT_CONTEXT, model.config().contextLength()));
    }

    public Session newSession(int contextLength) {
        return new Session(this, model.newState(contextLength));
    }

    @Override
    public void close() {
        model.close();
    }
}
