package dev.corvid.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corvid.gguf.SharedAssets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of {@code ../shared/tokenizer/<vocab>.json} (llama.cpp v0.5.0's results): token ids,
 * each token's piece bytes and the detokenized bytes.
 */
class TokenizerGoldenTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @ValueSource(strings = {"llama-spm", "qwen2", "gpt-2", "llama-bpe-trunc8k", "stories260K", "synth-qwen2-256x2",
            "llama-bpe", "phi-3"})
    void matchesLlamaCpp(String vocab) throws IOException {
        Tokenizer tokenizer = TestVocabularies.tokenizer(vocab);
        JsonNode cases = new ObjectMapper().readTree(SharedAssets.root().resolve("tokenizer").resolve(vocab + ".json").toFile());
        assertTrue(cases.size() > 0);
        List<String> failures = new ArrayList<>();
        int failedCases = 0;
        for (JsonNode c : cases) {
            int failuresBefore = failures.size();
            String text = c.get("text").asText();
            boolean addSpecial = c.get("add_special").asBoolean();
            boolean parseSpecial = c.get("parse_special").asBoolean();
            String label = "'" + text + "' (add_special=" + addSpecial + ", parse_special=" + parseSpecial + ")";

            int[] expectedIds = ints(c.get("ids"));
            int[] ids = tokenizer.encode(text, addSpecial, parseSpecial);
            if (!Arrays.equals(expectedIds, ids)) {
                failures.add(label + ": ids " + Arrays.toString(ids) + ", expected " + Arrays.toString(expectedIds));
                failedCases++;
                continue;
            }
            for (int i = 0; i < ids.length; i++) {
                String piece = HEX.formatHex(tokenizer.piece(ids[i], true));
                String expected = c.get("pieces_hex").get(i).asText();
                if (!piece.equals(expected)) {
                    failures.add(label + ": piece of " + ids[i] + " = " + piece + ", expected " + expected);
                }
            }
            String detokenized = HEX.formatHex(tokenizer.detokenize(ids, false, true));
            if (!detokenized.equals(c.get("detokenized_hex").asText())) {
                failures.add(label + ": detokenized " + detokenized + ", expected " + c.get("detokenized_hex").asText());
            }
            failedCases += failures.size() > failuresBefore ? 1 : 0;
        }
        System.out.printf("tokenizer golden %s: %d/%d cases equal to llama.cpp%n", vocab,
                cases.size() - failedCases, cases.size());
        assertEquals(List.of(), failures, vocab + ": " + failedCases + " of " + cases.size() + " cases differ");
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
