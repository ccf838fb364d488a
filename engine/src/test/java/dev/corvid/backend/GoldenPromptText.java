package dev.corvid.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;

import java.io.IOException;

/** A prompt of {@code golden/prompts.json}: its text and the {@code llama_tokenize} flags the goldens used. */
public record GoldenPromptText(String id, String text, boolean addSpecial, boolean parseSpecial) {

    public static GoldenPromptText of(String id) throws IOException {
        JsonNode prompts = new ObjectMapper().readTree(SharedAssets.golden().resolve("prompts.json").toFile());
        for (JsonNode p : prompts) {
            if (p.get("id").asText().equals(id)) {
                return new GoldenPromptText(id, p.get("text").asText(), p.get("add_special").asBoolean(),
                        p.get("parse_special").asBoolean());
            }
        }
        throw new IllegalArgumentException("no prompt " + id + " in prompts.json");
    }
}
