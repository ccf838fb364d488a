package dev.corvid.template;

import dev.corvid.gguf.GgufArray;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.GgufValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatTemplateFromGgufTest {
    private static final GgufValue TOKENS = GgufValue.ofArray(GgufArray.ofStrings(new String[] {"<unk>", "<s>", "</s>"}));
    private static final GgufValue TEMPLATE = GgufValue.ofString("[{{ bos_token }}|{{ eos_token }}]");

    private static String render(Map<String, GgufValue> entries) {
        return ChatTemplate.fromGguf(new GgufMetadata("test.gguf", entries)).orElseThrow().render(List.of(), false);
    }

    @Test
    void bosAndEosAreTheTextsOfTheirTokenIds() {
        assertEquals("[<s>|</s>]", render(Map.of("tokenizer.chat_template", TEMPLATE, "tokenizer.ggml.tokens", TOKENS,
                "tokenizer.ggml.bos_token_id", GgufValue.ofUInt32(1), "tokenizer.ggml.eos_token_id",
                GgufValue.ofUInt32(2))));
    }

    @Test
    void missingOrOutOfRangeIdsGiveEmptyTexts() {
        assertEquals("[|]", render(Map.of("tokenizer.chat_template", TEMPLATE, "tokenizer.ggml.tokens", TOKENS,
                "tokenizer.ggml.eos_token_id", GgufValue.ofUInt32(3))));
    }

    @Test
    void noTemplateKeyMeansNoTemplate() {
        assertTrue(ChatTemplate.fromGguf(new GgufMetadata("test.gguf", Map.of("tokenizer.ggml.tokens", TOKENS)))
                .isEmpty());
    }
}
