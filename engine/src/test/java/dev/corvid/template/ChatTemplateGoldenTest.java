package dev.corvid.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.GgufFile;
import dev.corvid.gguf.GgufMetadata;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders the golden chat prompt p3 with each shared qwen2 file's own template, as llama.cpp's reference did. */
class ChatTemplateGoldenTest {

    static List<Path> qwen2Files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : SharedAssets.ggufFiles("models")) {
            if (p.getFileName().toString().contains("qwen2")) {
                files.add(p);
            }
        }
        assertFalse(files.isEmpty(), "no qwen2 models in " + SharedAssets.models());
        files.add(SharedAssets.root().resolve("vocab/ggml-vocab-qwen2.gguf"));
        return files;
    }

    @ParameterizedTest
    @MethodSource("qwen2Files")
    void rendersPromptP3ExactlyAsJinja2(Path file) throws IOException {
        JsonNode p3 = prompt("p3");
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : p3.get("chat_messages")) {
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        assertEquals(p3.get("text").asText(), templateOf(file).render(messages, true));
    }

    @Test
    void rendersToolsAsPythonJinja2Does() throws IOException {
        // Expected text from Python Jinja2 with Hugging Face's tojson (json.dumps, ensure_ascii=False).
        String expected = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant."
                + "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": "
                + "\"Weather in a city, \u00abnow\u00bb.\", \"parameters\": {\"type\": \"object\", \"properties\": "
                + "{\"city\": {\"type\": \"string\"}, \"days\": {\"type\": \"integer\", \"minimum\": 1, "
                + "\"maximum\": 7.5}}, \"required\": [\"city\"]}}}\n</tools>\n\n"
                + "For each function call, return a json object with function name and arguments within "
                + "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
                + "<args-json-object>}\n</tool_call><|im_end|>\n<|im_start|>user\nWeather in Paris?<|im_end|>\n"
                + "<|im_start|>assistant\n";
        Map<String, Object> tool = ordered("type", "function", "function", ordered(
                "name", "get_weather",
                "description", "Weather in a city, \u00abnow\u00bb.",
                "parameters", ordered(
                        "type", "object",
                        "properties", ordered(
                                "city", Map.of("type", "string"),
                                "days", ordered("type", "integer", "minimum", 1L, "maximum", 7.5)),
                        "required", List.of("city"))));
        ChatTemplate template = templateOf(SharedAssets.models().resolve("synth-qwen2-256x2.Q8_0.gguf"));
        assertEquals(expected, template.render(List.of(new ChatMessage("user", "Weather in Paris?")),
                List.of(tool), true));
    }

    @Test
    void fileWithoutTemplateHasNone() throws IOException {
        try (GgufFile gguf = GgufFile.open(SharedAssets.models().resolve("stories260K.gguf"))) {
            GgufMetadata metadata = gguf.metadata();
            assertFalse(metadata.contains("tokenizer.chat_template"));
            assertTrue(ChatTemplate.fromGguf(metadata).isEmpty());
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static ChatTemplate templateOf(Path file) throws IOException {
        try (GgufFile gguf = GgufFile.open(file)) {
            return ChatTemplate.fromGguf(gguf.metadata()).orElseThrow();
        }
    }

    private static JsonNode prompt(String id) throws IOException {
        for (JsonNode p : new ObjectMapper().readTree(SharedAssets.golden().resolve("prompts.json").toFile())) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no prompt " + id);
    }
}
